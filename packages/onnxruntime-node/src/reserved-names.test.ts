/**
 * A fuzzing run found a spec with a layer named `__proto__` running on ort-node-cpu and setting
 * Object.prototype.h (per-layer state was collected into a plain object keyed by layer name);
 * every later run in the process then failed. Such specs are refused at load, and a valid model
 * still runs afterwards.
 */
import {
  float32Tensor,
  initializeWeights,
  type ModelSpec,
  RnnkitError,
  runReference,
} from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { createOrtNodeBackend } from './create-ort-node-backend.js';

const spec = (name: string): ModelSpec =>
  ({
    format: 'rnnkit-model',
    formatVersion: 1,
    input: { name: 'x', type: 'features', size: 2 },
    layers: [
      { type: 'lstm', name, units: 3, returnSequences: true },
      { type: 'dense', name: 'head', units: 1 },
    ],
    output: { name: 'y' },
    stateOutputs: [{ name: 'h', kind: 'h', layers: [name] }],
  }) as ModelSpec;

describe('ort-node-cpu and names that reach a prototype', () => {
  it.each(['__proto__', 'constructor', 'hasOwnProperty'])(
    'a layer named %s is refused at load',
    async (name) => {
      const before = Object.getOwnPropertyNames(Object.prototype).sort();
      const backend = createOrtNodeBackend();
      const good = initializeWeights(spec('lstm'), { seed: 3 });
      // The good weights renamed to the hostile layer name, so only the name is wrong.
      const weights = new Map(
        [...good].map(([key, value]) => [key.replace(/^lstm\//, `${name}/`), value]),
      );
      let caught: unknown;
      try {
        await backend.load({ spec: spec(name), weights });
      } catch (error) {
        caught = error;
      }
      expect(RnnkitError.isInstance(caught) && caught.code).toBe('INVALID_SPEC');
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
      expect(({} as Record<string, unknown>).h).toBeUndefined();

      const model = { spec: spec('lstm'), weights: good };
      const session = await backend.load(model);
      const x = float32Tensor([1, 4, 2], [0.1, -0.2, 0.3, 0.4, -0.5, 0.6, 0.7, -0.8]);
      const { outputs, state } = await session.run({ x });
      const expected = runReference(model, { x });
      const want = expected.outputs.y.data as Float64Array;
      Array.from(outputs.y.data as Float32Array).forEach((v, i) => {
        expect(Math.abs(v - want[i])).toBeLessThan(1e-5 + 1e-4 * Math.abs(want[i]));
      });
      expect(Object.keys(state)).toEqual(['lstm']);
      await session.dispose();
    },
  );
});
