import { describe, expect, it } from 'vitest';
import { RnnkitError } from '../errors.js';
import { createReferenceBackend } from './reference-backend.js';
import { runReference } from './run-reference.js';
import { f32, featureSpec, model, values } from './test-support/build.js';

const spec = featureSpec(
  1,
  [{ type: 'gru', name: 'gru', units: 1, resetAfter: true, returnSequences: true }],
  {
    stateOutputs: [{ name: 'h_n', kind: 'h', layers: ['gru'] }],
  },
);
const weights = {
  'gru/kernel': { shape: [1, 3], data: [0.5, -0.5, 1] },
  'gru/recurrentKernel': { shape: [1, 3], data: [0.25, 0.5, -1] },
  'gru/bias': { shape: [3], data: [0, 0.125, 0] },
};

async function rejection(promise: Promise<unknown>): Promise<RnnkitError> {
  try {
    await promise;
  } catch (error) {
    expect(RnnkitError.isInstance(error)).toBe(true);
    return error as RnnkitError;
  }
  throw new Error('expected a rejection');
}

describe('createReferenceBackend', () => {
  it('runs like runReference and describes its inputs and outputs', async () => {
    const backend = createReferenceBackend();
    expect(backend.id).toBe('reference');
    expect(backend.supports(model(spec, weights)).supported).toBe(true);
    const session = await backend.load(model(spec, weights));
    expect(session.backend).toBe('reference');
    expect(session.inputs).toEqual([{ name: 'x', dtype: 'float32', shape: [-1, -1, 1] }]);
    expect(session.outputs).toEqual([
      { name: 'y', dtype: 'float64', shape: [-1, -1, 1] },
      { name: 'h_n', dtype: 'float64', shape: [1, -1, 1] },
    ]);
    const x = f32([2, 3, 1], [1, 2, 3, -1, -2, -3]);
    const result = await session.run({ x });
    const direct = runReference(model(spec, weights), { x });
    expect(values(result.outputs.y)).toEqual(values(direct.outputs.y));
    expect(values(result.outputs.h_n)).toEqual(values(direct.state.gru.h));
    await session.dispose();
  });

  it('refuses bad weights at load, naming the tensor', async () => {
    const error = await rejection(
      createReferenceBackend().load(
        model(spec, { ...weights, 'gru/bias': { shape: [2], data: [0, 0] } }),
      ),
    );
    expect(error.code).toBe('INVALID_WEIGHTS');
    expect(error.path).toBe('gru/bias');
  });

  it('refuses bad inputs at run', async () => {
    const session = await createReferenceBackend().load(model(spec, weights));
    const error = await rejection(session.run({ x: f32([1, 2, 2], [1, 2, 3, 4]) }));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.path).toBe('x');
  });

  it('fails with DISPOSED after dispose, which is safe to call twice', async () => {
    const session = await createReferenceBackend().load(model(spec, weights));
    await session.dispose();
    await session.dispose();
    const error = await rejection(session.run({ x: f32([1, 1, 1], [1]) }));
    expect(error.code).toBe('DISPOSED');
  });

  it('is not affected by later edits to the caller weight map', async () => {
    const m = model(spec, weights);
    const session = await createReferenceBackend().load(m);
    const before = values((await session.run({ x: f32([1, 1, 1], [1]) })).outputs.y);
    m.weights.delete('gru/bias');
    const after = values((await session.run({ x: f32([1, 1, 1], [1]) })).outputs.y);
    expect(after).toEqual(before);
  });
});
