// generate() on every Node backend through the Session interface, checked against the float64
// reference: greedy tokens are the reference's argmax, streamed steps equal one full-sequence run
// of the same backend, and seeded draws follow the reference's exact probabilities.
import {
  type BackendId,
  createReferenceBackend,
  generate,
  gruLanguageModelSpec,
  initializeWeights,
  int32Tensor,
  type Model,
  type NamedTensors,
  type RunOptions,
  type Session,
} from '@rnnkit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createNodeBackend } from '../backends/registry.js';

const V = 7;
function peakedModel(): Model {
  const spec = gruLanguageModelSpec({ vocabularySize: V, embeddingDim: 5, units: 8 });
  const weights = initializeWeights(spec, { seed: 4 });
  for (const tensor of weights.values())
    for (let i = 0; i < tensor.data.length; i++) tensor.data[i] *= 4;
  return { spec, weights };
}
const model = peakedModel();

async function rows(session: Session, ids: number[]): Promise<Float64Array[]> {
  const { outputs } = await session.run({ tokens: int32Tensor([1, ids.length], ids) });
  const data = Float64Array.from(outputs.probabilities.data as Float32Array);
  return Array.from({ length: ids.length }, (_, t) => data.slice(t * V, (t + 1) * V));
}

const sessions: Session[] = [];
afterAll(async () => {
  for (const session of sessions) await session.dispose();
});

const BACKENDS: BackendId[] = ['tfjs-cpu', 'tfjs-wasm', 'ort-node-cpu', 'ort-web-wasm'];

describe.each(BACKENDS)('generate on %s', (id) => {
  const load = async () => {
    const session = await (await createNodeBackend(id)).load(model);
    sessions.push(session);
    return session;
  };

  it('greedy tokens are the float64 reference argmax at every step (or a near-tie of it)', async () => {
    const session = await load();
    const result = await generate(session, {
      spec: model.spec,
      prompt: [1, 2],
      length: 12,
      temperature: 0,
    });
    const reference = await rows(await createReferenceBackend().load(model), [
      1,
      2,
      ...result.tokens,
    ]);
    result.tokens.forEach((token, k) => {
      const row = reference[1 + k];
      const best = Math.max(...row);
      // float32 may pick the other side of a tie closer than its rounding; none is expected here.
      expect(best - row[token]).toBeLessThan(1e-5);
    });
  });

  it('streamed steps equal one full-sequence run on the same backend', async () => {
    const session = await load();
    const streamed: Float64Array[] = [];
    const recorder: Session = {
      ...session,
      inputs: session.inputs,
      outputs: session.outputs,
      async run(inputs: NamedTensors, options?: RunOptions) {
        const result = await session.run(inputs, options);
        const data = result.outputs.probabilities.data as Float32Array;
        streamed.push(Float64Array.from(data.subarray(data.length - V)));
        return result;
      },
    };
    const result = await generate(recorder, {
      spec: model.spec,
      prompt: [3, 0, 6],
      length: 10,
      temperature: 0.9,
      topK: 5,
      seed: 21,
    });
    const full = await rows(session, [3, 0, 6, ...result.tokens]);
    streamed.forEach((row, k) => {
      for (let i = 0; i < V; i++)
        expect(Math.abs(row[i] - full[2 + k][i])).toBeLessThan(1e-5 + 1e-4 * full[2 + k][i]);
    });
  });

  it('seeded draws follow the reference probabilities (600 seeds, within 4.5 standard errors)', async () => {
    const session = await load();
    const prompt = [5, 5, 2];
    const exact = (await rows(await createReferenceBackend().load(model), prompt))[2];
    const n = 600;
    const counts = new Array(V).fill(0);
    for (let seed = 0; seed < n; seed++) {
      const { tokens } = await generate(session, { spec: model.spec, prompt, length: 1, seed });
      counts[tokens[0]]++;
    }
    for (let token = 0; token < V; token++) {
      const standardError = Math.sqrt((exact[token] * (1 - exact[token])) / n);
      expect(Math.abs(counts[token] / n - exact[token])).toBeLessThan(4.5 * standardError + 1e-6);
    }
  });

  it('gives the reference its tokens for a seed when the draws are not at a boundary', async () => {
    const session = await load();
    const options = { spec: model.spec, prompt: [0], length: 20, seed: 99, temperature: 1 };
    const reference = await generate(await createReferenceBackend().load(model), options);
    const here = await generate(session, options);
    // Float32 rounding moves a cumulative boundary by ~1e-7; a draw would have to land that close.
    expect(here.tokens).toEqual(reference.tokens);
  });
});
