/** Seeded training batches (inputs + targets) for a workload; both contenders get the same ones. */
import { type NamedTensors, outputShape, type Tensor, type TrainingBatch } from '@rnnkit/core';
import { makeInput, random as seeded } from '../inputs.js';
import type { TrainingWorkload } from './training-workloads.js';

export function trainingBatches(workload: TrainingWorkload, count: number): TrainingBatch[] {
  const { spec, batch, time } = workload;
  return Array.from({ length: count }, (_, index) => {
    const input = makeInput(spec, batch, time, 100 + index);
    const inputs: NamedTensors = { [spec.input.name]: input };
    const shape = outputShape(spec).map((d, i) => (i === 0 ? batch : d === -1 ? time : d));
    const random = seeded(200 + index);
    const classes = shape[shape.length - 1];
    const loss =
      typeof workload.config.loss === 'string' ? workload.config.loss : workload.config.loss.name;
    let targets: Tensor;
    if (loss === 'sparseCategoricalCrossentropy') {
      const ids = shape.slice(0, -1);
      const size = ids.reduce((a, b) => a * b, 1);
      targets = {
        dtype: 'int32',
        shape: ids,
        data: Int32Array.from({ length: size }, () => Math.floor(random() * classes)),
      };
    } else {
      const size = shape.reduce((a, b) => a * b, 1);
      targets = {
        dtype: 'float32',
        shape,
        data: Float32Array.from({ length: size }, () => (random() < 0.5 ? 0 : 1)),
      };
    }
    return { inputs, targets };
  });
}
