/** Small state dicts for tests: names and shapes, filled with seeded values. */
import { encodeSafetensors, Random, type SafetensorsInput } from '@rnnkit/core';

export type Shapes = Record<string, number[]>;

export function stateDictBytes(
  shapes: Shapes,
  seed = 1,
  metadata?: Record<string, string>,
): Uint8Array {
  const random = new Random(seed);
  const tensors = new Map<string, SafetensorsInput>();
  for (const [name, shape] of Object.entries(shapes)) {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) data[i] = random.uniformIn(-0.5, 0.5);
    tensors.set(name, { dtype: 'F32', shape, data });
  }
  return encodeSafetensors(tensors, metadata);
}

export function shapeMap(shapes: Shapes): Map<string, { shape: number[] }> {
  return new Map(Object.entries(shapes).map(([name, shape]) => [name, { shape }]));
}

/** nn.RNN / nn.LSTM / nn.GRU parameter shapes. */
export function recurrentShapes(
  prefix: string,
  gates: number,
  input: number,
  hidden: number,
  options: { layers?: number; bidirectional?: boolean; bias?: boolean } = {},
): Shapes {
  const { layers = 1, bidirectional = false, bias = true } = options;
  const shapes: Shapes = {};
  const at = (name: string) => (prefix === '' ? name : `${prefix}.${name}`);
  for (let k = 0; k < layers; k++) {
    for (const suffix of bidirectional ? ['', '_reverse'] : ['']) {
      const inSize = k === 0 ? input : (bidirectional ? 2 : 1) * hidden;
      shapes[at(`weight_ih_l${k}${suffix}`)] = [gates * hidden, inSize];
      shapes[at(`weight_hh_l${k}${suffix}`)] = [gates * hidden, hidden];
      if (bias) {
        shapes[at(`bias_ih_l${k}${suffix}`)] = [gates * hidden];
        shapes[at(`bias_hh_l${k}${suffix}`)] = [gates * hidden];
      }
    }
  }
  return shapes;
}

export function linearShapes(prefix: string, inputs: number, outputs: number, bias = true): Shapes {
  return bias
    ? { [`${prefix}.weight`]: [outputs, inputs], [`${prefix}.bias`]: [outputs] }
    : { [`${prefix}.weight`]: [outputs, inputs] };
}
