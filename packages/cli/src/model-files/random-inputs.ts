/**
 * Seeded random inputs of the right shape for a spec, for `rnnkit conformance <model>` without
 * --input. Token ids cover the vocabulary (above 0 when id 0 is padding, so no example is all
 * padding); sequence lengths vary but the first example always uses every step.
 */
import {
  float32Tensor,
  int32Tensor,
  type ModelSpec,
  type NamedTensors,
  nameRecord,
  Random,
  recurrentLayers,
} from '@rnnkit/core';

export interface RandomInputOptions {
  seed?: number;
  batch?: number;
  /** Used when the spec does not fix the number of time steps. */
  time?: number;
}

export function randomInputs(spec: ModelSpec, options: RandomInputOptions = {}): NamedTensors {
  const random = new Random(options.seed ?? 1);
  const batch = options.batch ?? 3;
  const time = spec.input.timeSteps ?? options.time ?? 6;
  const inputs: NamedTensors = nameRecord();
  if (spec.input.type === 'tokens') {
    const embedding = spec.layers[0];
    const vocabulary = embedding.type === 'embedding' ? embedding.inputDim : 1;
    const low = embedding.type === 'embedding' && embedding.maskZero && vocabulary > 1 ? 1 : 0;
    const ids = Array.from(
      { length: batch * time },
      () => low + Math.floor(random.uniform() * (vocabulary - low)),
    );
    inputs[spec.input.name] = int32Tensor([batch, time], ids);
  } else {
    const size = spec.input.size;
    inputs[spec.input.name] = float32Tensor(
      [batch, time, size],
      Array.from({ length: batch * time * size }, () => random.uniformIn(-1, 1)),
    );
  }
  if (spec.sequenceLengths) {
    const lengths = Array.from({ length: batch }, (_, b) =>
      b === 0 ? time : 1 + Math.floor(random.uniform() * time),
    );
    inputs[spec.sequenceLengths.name] = int32Tensor([batch], lengths);
  }
  const layers = new Map(recurrentLayers(spec).map((layer) => [layer.name, layer]));
  for (const state of spec.stateInputs ?? []) {
    let directions = 0;
    let units = 0;
    for (const name of state.layers) {
      directions += layers.get(name)?.directions ?? 0;
      units = layers.get(name)?.units ?? units;
    }
    const size = directions * batch * units;
    inputs[state.name] = float32Tensor(
      [directions, batch, units],
      Array.from({ length: size }, () => random.uniformIn(-0.5, 0.5)),
    );
  }
  return inputs;
}
