/**
 * Runs in the browser page: loads hand-built models on ort-web (wasm or webgpu) and on the
 * reference executor, and reports the largest deviation per case (<= 0 is within tolerance) and
 * where ORT placed each recurrent layer.
 */
import { createReferenceBackend, type Model, TOLERANCES } from '@rnnkit/core';
import { matrixCases } from '../../../onnx/src/runtime/test-support/matrix-cases.js';
import {
  featureSpec,
  randomFeatures,
  randomModel,
  tokenSpec,
} from '../../../onnx/src/runtime/test-support/models.js';
import { createOrtWebBackend } from '../../src/index.js';

export interface PageCaseResult {
  name: string;
  /** Recurrent layer -> ORT provider that ran it. */
  placement?: Record<string, string>;
  error?: string;
  worstExcess?: number;
  worstIndex?: number;
  streamingExcess?: number;
}

export interface PageResult {
  backend: string;
  executionProvider?: string;
  cases: PageCaseResult[];
  error?: string;
}

function cases(): { name: string; model: Model; inputs: Record<string, never> }[] {
  const specs = [
    [
      'lstm bidirectional sequence',
      featureSpec(3, [
        { type: 'lstm', name: 'rnn', units: 4, direction: 'bidirectional', returnSequences: true },
      ]),
    ],
    [
      'gru resetAfter',
      featureSpec(3, [
        { type: 'gru', name: 'rnn', units: 4, resetAfter: true, returnSequences: true },
      ]),
    ],
    [
      'gru resetBefore reverse',
      featureSpec(3, [
        { type: 'gru', name: 'rnn', units: 4, resetAfter: false, direction: 'reverse' },
      ]),
    ],
    [
      'simpleRnn',
      featureSpec(3, [{ type: 'simpleRnn', name: 'rnn', units: 4, returnSequences: true }]),
    ],
    ['lstm peepholes', featureSpec(3, [{ type: 'lstm', name: 'rnn', units: 4, peepholes: true }])],
    [
      'stack with dense softmax',
      featureSpec(3, [
        { type: 'lstm', name: 'l1', units: 5, returnSequences: true },
        { type: 'gru', name: 'l2', units: 4, resetAfter: true },
        { type: 'dense', name: 'head', units: 3, activation: 'softmax' },
      ]),
    ],
  ] as const;
  const result: { name: string; model: Model; inputs: Record<string, never> }[] = specs.map(
    ([name, spec], i) => ({
      name,
      model: randomModel(spec, 10 + i),
      inputs: { x: randomFeatures([2, 7, 3], 20 + i) } as never,
    }),
  );
  const tokens = tokenSpec(10, 4, [{ type: 'lstm', name: 'rnn', units: 3 }], true);
  result.push({
    name: 'tokens maskZero post-padded',
    model: randomModel(tokens, 30),
    inputs: {
      tokens: { dtype: 'int32', shape: [2, 3], data: Int32Array.from([1, 2, 0, 3, 0, 0]) },
    } as never,
  });
  return result;
}

function worst(actual: ArrayLike<number>, expected: ArrayLike<number>, atol: number, rtol: number) {
  let excess = Number.NEGATIVE_INFINITY;
  let index = -1;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.abs(actual[i] - expected[i]) - (atol + rtol * Math.abs(expected[i]));
    if (Number.isNaN(e) || e > excess) {
      excess = Number.isNaN(e) ? Number.POSITIVE_INFINITY : e;
      index = i;
    }
  }
  return { excess, index };
}

export async function runPage(
  executionProvider: 'wasm' | 'webgpu',
  ortBase: string,
): Promise<PageResult> {
  const backendId = executionProvider === 'wasm' ? 'ort-web-wasm' : 'ort-web-webgpu';
  const result: PageResult = { backend: backendId, cases: [] };
  const { atol, rtol } = TOLERANCES[backendId];
  let backend: ReturnType<typeof createOrtWebBackend>;
  try {
    backend = createOrtWebBackend({ executionProvider, wasmPaths: ortBase });
  } catch (error) {
    result.error = String(error);
    return result;
  }
  const reference = createReferenceBackend();
  for (const testCase of cases()) {
    const entry: PageCaseResult = { name: testCase.name };
    result.cases.push(entry);
    try {
      const session = await backend.load(testCase.model);
      result.executionProvider = session.executionProvider;
      entry.placement = { ...session.recurrentPlacement };
      const actual = await session.run(testCase.inputs);
      const expected = await (await reference.load(testCase.model)).run(testCase.inputs);
      const name = testCase.model.spec.output.name;
      const w = worst(
        actual.outputs[name].data as Float32Array,
        expected.outputs[name].data as Float64Array,
        atol,
        rtol,
      );
      entry.worstExcess = w.excess;
      entry.worstIndex = w.index;
      // Streaming through the same session: the final state of a second run from the first's state.
      const again = await session.run(testCase.inputs, { state: actual.state });
      const expectedAgain = await (await reference.load(testCase.model)).run(testCase.inputs, {
        state: expected.state,
      });
      const layer = Object.keys(expectedAgain.state)[0];
      entry.streamingExcess = worst(
        again.state[layer].h.data as Float32Array,
        expectedAgain.state[layer].h.data as Float64Array,
        atol,
        rtol,
      ).excess;
      await session.dispose();
    } catch (error) {
      entry.error = error instanceof Error ? `${error.message}` : String(error);
    }
  }
  return result;
}

/**
 * The Node suite's whole matrix (every layer type, direction, merge, lengths, maskZero, initial
 * state) in the page: worst excess over all outputs and final states, skipping the steps the
 * spec leaves undefined.
 */
export async function runMatrix(
  executionProvider: 'wasm' | 'webgpu',
  ortBase: string,
): Promise<PageCaseResult[]> {
  const backendId = executionProvider === 'wasm' ? 'ort-web-wasm' : 'ort-web-webgpu';
  const { atol, rtol } = TOLERANCES[backendId];
  const backend = createOrtWebBackend({ executionProvider, wasmPaths: ortBase });
  const reference = createReferenceBackend();
  const results: PageCaseResult[] = [];
  let seed = 1;
  for (const testCase of matrixCases()) {
    const entry: PageCaseResult = { name: testCase.name };
    results.push(entry);
    const model = randomModel(testCase.spec, seed++);
    try {
      const session = await backend.load(model);
      entry.placement = { ...session.recurrentPlacement };
      const actual = await session.run(testCase.inputs, testCase.options);
      await session.dispose();
      const expected = await (await reference.load(model)).run(testCase.inputs, testCase.options);
      let excess = Number.NEGATIVE_INFINITY;
      for (const [name, tensor] of Object.entries(expected.outputs)) {
        // Every position, padded steps included (the spec's paddedOutputs defines them).
        const mine = actual.outputs[name].data as Float32Array;
        const theirs = tensor.data as Float64Array;
        for (let i = 0; i < theirs.length; i++) {
          const e = Math.abs(mine[i] - theirs[i]) - (atol + rtol * Math.abs(theirs[i]));
          excess = Number.isNaN(e) ? Number.POSITIVE_INFINITY : Math.max(excess, e);
        }
      }
      for (const [layer, state] of Object.entries(expected.state)) {
        for (const kind of ['h', 'c'] as const) {
          const theirs = state[kind]?.data as Float64Array | undefined;
          if (!theirs) continue;
          const mine = actual.state[layer][kind]!.data as Float32Array;
          for (let i = 0; i < theirs.length; i++) {
            const e = Math.abs(mine[i] - theirs[i]) - (atol + rtol * Math.abs(theirs[i]));
            excess = Number.isNaN(e) ? Number.POSITIVE_INFINITY : Math.max(excess, e);
          }
        }
      }
      entry.worstExcess = excess;
    } catch (error) {
      entry.error = error instanceof Error ? error.message : String(error);
    }
  }
  return results;
}

(globalThis as { runPage?: typeof runPage }).runPage = runPage;
(globalThis as { runMatrix?: typeof runMatrix }).runMatrix = runMatrix;
