import {
  createReferenceBackend,
  float32Tensor,
  int32Tensor,
  type Model,
  type RecurrentState,
  type Tensor,
} from '@rnnkit/core';
import { expect } from 'vitest';

/** Runs a model on the float64 reference executor; returns the main output and the final state. */
export async function runOnReference(
  model: Model,
  input: { shape: number[]; data: ArrayLike<number> },
  state?: RecurrentState,
): Promise<{ output: Tensor; state: RecurrentState }> {
  const session = await createReferenceBackend().load(model);
  try {
    const tensor =
      model.spec.input.type === 'tokens'
        ? int32Tensor(input.shape, input.data)
        : float32Tensor(input.shape, input.data);
    const result = await session.run({ [model.spec.input.name]: tensor }, state ? { state } : {});
    return { output: result.outputs[model.spec.output.name], state: result.state };
  } finally {
    await session.dispose();
  }
}

/** |actual - expected| <= atol + rtol*|expected| everywhere (numpy isclose), with the worst element in the message. */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: { atol: number; rtol: number },
  label = '',
): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < expected.length; i++) {
    const excess =
      Math.abs(actual[i] - expected[i]) - (tolerance.atol + tolerance.rtol * Math.abs(expected[i]));
    if (!(excess <= 0) && (worst < 0 || !(excess <= worstExcess))) {
      worst = i;
      worstExcess = excess;
    }
  }
  if (worst >= 0) {
    expect.fail(
      `${label}: element ${worst} is ${actual[worst]}, expected ${expected[worst]} (atol ${tolerance.atol}, rtol ${tolerance.rtol})`,
    );
  }
}
