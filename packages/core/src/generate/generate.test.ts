import { describe, expect, it } from 'vitest';
import type { RunOptions, Session } from '../backend.js';
import { RnnkitError } from '../errors.js';
import { initializeWeights } from '../init/index.js';
import { charRnnSpec, gruLanguageModelSpec } from '../models/index.js';
import { createReferenceBackend } from '../reference/index.js';
import type { ModelSpec } from '../spec/types.js';
import { float32Tensor, int32Tensor, type NamedTensors } from '../tensor.js';
import type { Model } from '../weights/canonical.js';
import { buildCharVocabulary } from './char-vocabulary.js';
import { generate } from './generate.js';
import { argmax } from './sampling.js';

/** Seeded weights, scaled up so the distributions are peaked rather than near-uniform. */
function model(spec: ModelSpec, seed: number, scale = 4): Model {
  const weights = initializeWeights(spec, { seed });
  for (const tensor of weights.values())
    for (let i = 0; i < tensor.data.length; i++) tensor.data[i] *= scale;
  return { spec, weights };
}

const V = 6;
const gruLm = model(gruLanguageModelSpec({ vocabularySize: V, embeddingDim: 5, units: 8 }), 1);
/** Feature input (one-hot), last-step logits. */
const charRnn = model(charRnnSpec({ inputSize: V, hiddenSize: 7, outputSize: V }), 2);

/** A session that records what every call was given and returned. */
function recording(session: Session) {
  const calls: { inputs: NamedTensors; output: Float64Array; hadState: boolean }[] = [];
  const wrapped: Session = {
    ...session,
    inputs: session.inputs,
    outputs: session.outputs,
    async run(inputs: NamedTensors, options?: RunOptions) {
      const result = await session.run(inputs, options);
      const output = Object.values(result.outputs)[0];
      calls.push({
        inputs,
        output: Float64Array.from(output.data as Float64Array),
        hadState: options?.state !== undefined,
      });
      return result;
    },
  };
  return { session: wrapped, calls };
}

/** Full-sequence per-step rows of the GRU LM ([1, t, V]) from one reference run. */
async function fullRows(ids: number[]): Promise<Float64Array[]> {
  const session = await createReferenceBackend().load(gruLm);
  const { outputs } = await session.run({ tokens: int32Tensor([1, ids.length], ids) });
  const data = outputs.probabilities.data as Float64Array;
  return Array.from({ length: ids.length }, (_, t) => data.slice(t * V, (t + 1) * V));
}

describe('generate on the reference backend', () => {
  it('feeds the prompt once, then one token per call with the carried state', async () => {
    const { session, calls } = recording(await createReferenceBackend().load(gruLm));
    const result = await generate(session, {
      spec: gruLm.spec,
      prompt: [1, 2, 3],
      length: 5,
      seed: 3,
    });
    expect(result.tokens).toHaveLength(5);
    expect(result.stopReason).toBe('length');
    expect(calls).toHaveLength(5);
    expect(calls[0].inputs.tokens.shape).toEqual([1, 3]);
    expect(calls[0].hadState).toBe(false);
    for (let k = 1; k < 5; k++) {
      expect(calls[k].inputs.tokens.shape).toEqual([1, 1]);
      expect(calls[k].inputs.tokens.data[0]).toBe(result.tokens[k - 1]);
      expect(calls[k].hadState).toBe(true);
    }
  });

  it('streams exactly what one run over the joined sequence computes', async () => {
    const { session, calls } = recording(await createReferenceBackend().load(gruLm));
    const result = await generate(session, {
      spec: gruLm.spec,
      prompt: [4, 0],
      length: 8,
      temperature: 1.3,
      seed: 11,
    });
    const rows = await fullRows([4, 0, ...result.tokens]);
    calls.forEach((call, k) => {
      const streamed = call.output.slice(call.output.length - V);
      const full = rows[1 + k];
      for (let i = 0; i < V; i++) expect(streamed[i]).toBeCloseTo(full[i], 12);
    });
  });

  it('is greedy at temperature 0: each token is the argmax of the full-sequence run', async () => {
    const session = await createReferenceBackend().load(gruLm);
    const result = await generate(session, {
      spec: gruLm.spec,
      prompt: [2],
      length: 10,
      temperature: 0,
    });
    const rows = await fullRows([2, ...result.tokens]);
    for (const [k, id] of result.tokens.entries()) expect(id).toBe(argmax(rows[k]));
  });

  it('draws the first token with the exact probabilities of the reference (2,000 seeds)', async () => {
    const session = await createReferenceBackend().load(gruLm);
    const prompt = [3, 1, 4];
    const exact = (await fullRows(prompt))[2];
    const n = 2000;
    const counts = new Array(V).fill(0);
    for (let seed = 0; seed < n; seed++) {
      const { tokens } = await generate(session, { spec: gruLm.spec, prompt, length: 1, seed });
      counts[tokens[0]]++;
    }
    for (let id = 0; id < V; id++) {
      const standardError = Math.sqrt((exact[id] * (1 - exact[id])) / n);
      expect(Math.abs(counts[id] / n - exact[id])).toBeLessThan(4.5 * standardError + 1e-9);
    }
  });

  it('samples a logSoftmax head (log-probabilities) as the same distribution as its softmax head', async () => {
    const logSpec: ModelSpec = {
      ...gruLm.spec,
      layers: gruLm.spec.layers.map((layer) =>
        layer.type === 'dense' ? { ...layer, activation: 'logSoftmax' as const } : layer,
      ),
    };
    const softmaxSession = await createReferenceBackend().load(gruLm);
    const logSession = await createReferenceBackend().load({
      spec: logSpec,
      weights: gruLm.weights,
    });
    for (const options of [
      { temperature: 0, seed: 0 },
      ...Array.from({ length: 10 }, (_, seed) => ({ temperature: 1, seed })),
    ]) {
      const common = { prompt: [2, 5], length: 6, ...options };
      const a = await generate(softmaxSession, { spec: gruLm.spec, ...common });
      const b = await generate(logSession, { spec: logSpec, ...common });
      expect(b.tokens).toEqual(a.tokens);
    }
  });

  it('gives the same tokens for the same seed, and others for another seed', async () => {
    const session = await createReferenceBackend().load(gruLm);
    const run = (seed: number) =>
      generate(session, { spec: gruLm.spec, prompt: [1], length: 30, seed, temperature: 1.5 });
    expect((await run(5)).tokens).toEqual((await run(5)).tokens);
    expect((await run(5)).tokens).not.toEqual((await run(6)).tokens);
  });

  it('one-hot feature inputs and last-step logits: greedy equals the argmax of softmax-free logits', async () => {
    const session = await createReferenceBackend().load(charRnn);
    const result = await generate(session, {
      spec: charRnn.spec,
      prompt: [0, 5],
      length: 6,
      temperature: 0,
    });
    let ids = [0, 5];
    for (const id of result.tokens) {
      const input = float32Tensor([1, ids.length, V]);
      ids.forEach((token, t) => {
        input.data[t * V + token] = 1;
      });
      const { outputs } = await session.run({ input });
      expect(id).toBe(argmax(outputs.output.data as Float64Array));
      ids = [...ids, id];
    }
  });

  it('stops before a stop id, and before a stop string (held back from onToken)', async () => {
    const session = await createReferenceBackend().load(gruLm);
    const vocabulary = buildCharVocabulary('abcdef');
    const free = await generate(session, {
      spec: gruLm.spec,
      prompt: 'ab',
      length: 40,
      seed: 9,
      vocabulary,
    });
    const text = free.text ?? '';
    expect(text).toHaveLength(40);
    // A stop string taken from the free run: generation with it ends right before its first match.
    const stop = text.slice(10, 12);
    const first = text.indexOf(stop);
    const streamed: string[] = [];
    const stopped = await generate(session, {
      spec: gruLm.spec,
      prompt: 'ab',
      length: 40,
      seed: 9,
      vocabulary,
      stop: [stop],
      onToken: (token) => streamed.push(token.text ?? ''),
    });
    expect(stopped.stopReason).toBe('stop');
    expect(stopped.stoppedBy).toBe(stop);
    expect(stopped.text).toBe(text.slice(0, first));
    expect(stopped.tokens).toEqual(free.tokens.slice(0, first));
    expect(streamed.join('')).toBe(text.slice(0, first));

    const stopId = free.tokens[7];
    const byId = await generate(session, {
      spec: gruLm.spec,
      prompt: [0, 1],
      length: 40,
      seed: 9,
      stop: [stopId],
    });
    expect(byId.stopReason).toBe('stop');
    expect(byId.tokens).toEqual(free.tokens.slice(0, free.tokens.indexOf(stopId)));
  });

  it('refuses bad options with INVALID_INPUT naming the option', async () => {
    const session = await createReferenceBackend().load(gruLm);
    const base = { spec: gruLm.spec, prompt: [1], length: 3 };
    const cases: [Record<string, unknown>, string][] = [
      [{ temperature: -1 }, 'temperature'],
      [{ temperature: Number.NaN }, 'temperature'],
      [{ topK: 0 }, 'topK'],
      [{ topK: 1.5 }, 'topK'],
      [{ topP: 0 }, 'topP'],
      [{ topP: 1.2 }, 'topP'],
      [{ length: -2 }, 'length'],
      [{ seed: -1 }, 'seed'],
      [{ prompt: [] }, 'prompt'],
      [{ prompt: [V] }, 'prompt[0]'],
      [{ prompt: 'abc' }, 'prompt'],
      [{ stop: ['x'] }, 'stop[0]'],
      [{ stop: [99] }, 'stop[0]'],
      [{ vocabulary: buildCharVocabulary('abc') }, 'vocabulary'],
    ];
    for (const [override, path] of cases) {
      const error = await generate(session, { ...base, ...override } as never).catch((e) => e);
      expect(RnnkitError.isInstance(error), JSON.stringify(override)).toBe(true);
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.path).toBe(path);
    }
  });

  it('refuses models it cannot stream or sample with UNSUPPORTED_FEATURE', async () => {
    const session = await createReferenceBackend().load(gruLm);
    const specs = [
      { ...gruLm.spec, layers: gruLm.spec.layers.slice(0, 2) },
      {
        ...gruLm.spec,
        layers: [
          gruLm.spec.layers[0],
          gruLm.spec.layers[1],
          { type: 'dense', name: 'dense', units: V, activation: 'sigmoid' },
        ],
      },
      {
        ...gruLm.spec,
        layers: [
          gruLm.spec.layers[0],
          { ...gruLm.spec.layers[1], direction: 'bidirectional' },
          gruLm.spec.layers[2],
        ],
      },
    ] as ModelSpec[];
    for (const spec of specs) {
      const error = await generate(session, { spec, prompt: [1], length: 1 }).catch((e) => e);
      expect(error.code).toBe('UNSUPPORTED_FEATURE');
    }
  });
});
