/**
 * Token-by-token generation for a language model (token input, a per-step softmax over the
 * vocabulary): one call per token, the recurrent state carried from each call to the next,
 * greedy choice. Also checks the streamed distributions against one reference run of the whole
 * sequence, since streaming must equal running the joined sequence.
 */
import {
  type BackendId,
  compareTensors,
  createReferenceBackend,
  float32Tensor,
  int32Tensor,
  type Model,
  type RecurrentState,
  toleranceFor,
} from '@rnnkit/core';
import { createBackend } from 'rnnkit';
import { wasmPathsFor } from './run-backends.js';

/** A language model: token ids in, a softmax over as many classes as the vocabulary, per step. */
export function isLanguageModel(model: Model): boolean {
  const { spec } = model;
  const first = spec.layers[0];
  const last = spec.layers[spec.layers.length - 1];
  const recurrent = spec.layers.filter(
    (l) => l.type !== 'embedding' && l.type !== 'dense' && l.type !== 'dropout',
  );
  return (
    spec.input.type === 'tokens' &&
    first?.type === 'embedding' &&
    last?.type === 'dense' &&
    last.activation === 'softmax' &&
    last.units === first.inputDim &&
    recurrent.length > 0 &&
    recurrent.every((l) => 'returnSequences' in l && l.returnSequences === true)
  );
}

export interface Generation {
  tokens: number[];
  msPerToken: number;
  /** Max |difference| between the streamed distributions and one reference run. */
  maxAbsError: number;
  pass: boolean;
}

export async function generate(
  model: Model,
  id: BackendId,
  start: number,
  count: number,
): Promise<Generation> {
  const backend = await createBackend(id, { wasmPaths: wasmPathsFor(id) });
  const session = await backend.load(model);
  const name = model.spec.input.name;
  const outputName = model.spec.output.name;
  const tokens = [start];
  const streamed: number[] = [];
  let state: RecurrentState | undefined;
  const began = performance.now();
  try {
    for (let i = 0; i < count; i++) {
      const result = await session.run({ [name]: int32Tensor([1, 1], [tokens[i]]) }, { state });
      state = result.state;
      const probabilities = Array.from(result.outputs[outputName].data as ArrayLike<number>);
      streamed.push(...probabilities);
      let best = 0;
      for (let k = 1; k < probabilities.length; k++)
        if (probabilities[k] > probabilities[best]) best = k;
      tokens.push(best);
    }
  } finally {
    await session.dispose();
  }
  const msPerToken = (performance.now() - began) / count;
  const reference = await createReferenceBackend().load(model);
  const whole = await reference.run({ [name]: int32Tensor([1, count], tokens.slice(0, count)) });
  const vocabulary = streamed.length / count;
  const comparison = compareTensors(
    float32Tensor([1, count, vocabulary], streamed),
    whole.outputs[outputName],
    toleranceFor(id),
  );
  return { tokens, msPerToken, maxAbsError: comparison.maxAbsError, pass: comparison.pass };
}
