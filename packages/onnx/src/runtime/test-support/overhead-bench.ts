/**
 * Where rnnkit's time goes on top of ONNX Runtime, measured in ONE process, side by side: the
 * rnnkit session and a raw InferenceSession on the same exported graph (as apps/bench's raw-ort
 * baseline builds it) run in alternating rounds, so machine load hits both alike; medians.
 * Then the runner's own pieces (input checks, feeds, output assembly) are timed alone.
 *
 *   cd packages/onnx && npx vite-node -c vitest.config.ts src/runtime/test-support/overhead-bench.ts [node|web] [rounds]
 *
 * Not a test (no assertions on time: the machine is shared); a measuring tool kept beside the runner.
 */

import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import {
  gruLanguageModelSpec,
  initializeWeights,
  type Model,
  type ModelSpec,
  prepareRunInputs,
  type RecurrentState,
  recurrentLayers,
  type Tensor,
} from '@rnnkit/core';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { exportOnnx } from '../../export/index.js';
import { createOrtBackend } from '../ort-backend.js';
import type { OrtModule, OrtTensor } from '../ort-module.js';
import { createRunPreparer } from '../prepare-run.js';
import { stateInputName, stateOutputName } from '../state-names.js';

type Feeds = Record<string, OrtTensor>;

const runtime = (process.argv[2] ?? 'node') as 'node' | 'web';
const rounds = Number(process.argv[3] ?? 15);

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function featureSpec(name: string, layers: ModelSpec['layers'], size = 64): ModelSpec {
  return {
    format: 'rnnkit-model',
    formatVersion: 1,
    name,
    input: { name: 'input', type: 'features', size },
    layers,
    output: { name: 'output' },
  };
}

interface Workload {
  id: string;
  spec: ModelSpec;
  batch: number;
  time: number;
  /** Generation: this many one-token calls per measured run. */
  tokens?: number;
}

const WORKLOADS: Workload[] = [
  {
    id: 'gru-lm-generate',
    spec: gruLanguageModelSpec({ vocabularySize: 96, embeddingDim: 64, units: 256 }),
    batch: 1,
    time: 1,
    tokens: 32,
  },
  {
    id: 'char-rnn',
    spec: featureSpec(
      'char',
      [
        { type: 'simpleRnn', name: 'rnn', units: 20, returnSequences: true },
        { type: 'dense', name: 'dense', units: 5 },
      ] as ModelSpec['layers'],
      10,
    ),
    batch: 32,
    time: 100,
  },
  {
    id: 'lstm-32x100',
    spec: featureSpec('lstm', [{ type: 'lstm', name: 'lstm', units: 128 }]),
    batch: 32,
    time: 100,
  },
];

function makeInput(spec: ModelSpec, batch: number, time: number): Tensor {
  const next = random(7);
  if (spec.input.type === 'features') {
    const data = new Float32Array(batch * time * spec.input.size);
    for (let i = 0; i < data.length; i++) data[i] = next() * 2 - 1;
    return { dtype: 'float32', shape: [batch, time, spec.input.size], data };
  }
  const first = spec.layers[0];
  const vocabulary = first.type === 'embedding' ? first.inputDim : 2;
  const data = new Int32Array(batch * time);
  for (let i = 0; i < data.length; i++) data[i] = 1 + Math.floor(next() * (vocabulary - 1));
  return { dtype: 'int32', shape: [batch, time], data };
}

function median(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function ortModule(): Promise<OrtModule> {
  if (runtime === 'node') return ortNode as unknown as OrtModule;
  // As createOrtWebBackend does in Node: the wasm files from the installed package.
  const require = createRequire(import.meta.url);
  const href = pathToFileURL(require.resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm')).href;
  (ortWeb.env.wasm as { wasmPaths?: unknown }).wasmPaths = href.slice(0, href.lastIndexOf('/') + 1);
  return ortWeb as unknown as OrtModule;
}

async function main(): Promise<void> {
  const ort = await ortModule();
  const sessionOptions =
    runtime === 'node' ? { intraOpNumThreads: availableParallelism(), interOpNumThreads: 1 } : {};
  const provider = runtime === 'node' ? 'cpu' : 'wasm';
  const backend = createOrtBackend({
    ort,
    id: runtime === 'node' ? 'ort-node-cpu' : 'ort-web-wasm',
    executionProviders: [provider],
    sessionOptions,
    placement: { onlyProvider: 'CPUExecutionProvider' },
  });
  console.log(
    `runtime ${runtime}, ${rounds} alternating rounds, medians (ms per measured run; per token for generation)`,
  );

  for (const w of WORKLOADS) {
    const model: Model = { spec: w.spec, weights: initializeWeights(w.spec, { seed: 3 }) };
    const session = await backend.load(model);
    const raw = await ort.InferenceSession.create(exportOnnx(model, { streamingState: true }), {
      executionProviders: [provider],
      ...sessionOptions,
    });
    const layers = recurrentLayers(w.spec);
    const zeroState = (batch: number): Feeds => {
      const feeds: Feeds = {};
      for (const layer of layers) {
        const shape = [layer.directions, batch, layer.units];
        const size = layer.directions * batch * layer.units;
        feeds[stateInputName(layer.name, 'h')] = new ort.Tensor(
          'float32',
          new Float32Array(size),
          shape,
        );
        if (layer.type === 'lstm')
          feeds[stateInputName(layer.name, 'c')] = new ort.Tensor(
            'float32',
            new Float32Array(size),
            shape,
          );
      }
      return feeds;
    };
    const input = makeInput(w.spec, w.batch, w.tokens ?? w.time);
    const name = w.spec.input.name;
    const toOrt = (t: Tensor) =>
      new ort.Tensor(t.dtype as 'float32' | 'int32', t.data as Float32Array, [...t.shape]);

    const rnnkitRun = async () => {
      if (!w.tokens) return session.run({ [name]: input });
      let state: RecurrentState | undefined;
      const ids = input.data as Int32Array;
      for (let t = 0; t < w.tokens; t++) {
        const step = new Int32Array([ids[t]]);
        const r = await session.run(
          { [name]: { dtype: 'int32', shape: [1, 1], data: step } },
          { state },
        );
        state = r.state;
      }
    };
    const rawRun = async () => {
      if (!w.tokens) return raw.run({ [name]: toOrt(input), ...zeroState(w.batch) });
      let state = zeroState(1);
      const ids = input.data as Int32Array;
      for (let t = 0; t < w.tokens; t++) {
        const out = await raw.run({
          [name]: new ort.Tensor('int32', new Int32Array([ids[t]]), [1, 1]),
          ...state,
        });
        const next: Feeds = {};
        for (const layer of layers) {
          next[stateInputName(layer.name, 'h')] = out[stateOutputName(layer.name, 'h')];
          if (layer.type === 'lstm')
            next[stateInputName(layer.name, 'c')] = out[stateOutputName(layer.name, 'c')];
        }
        state = next;
      }
    };

    const ours: number[] = [];
    const theirs: number[] = [];
    if (w.tokens) {
      // Generation: one token per call, rnnkit and raw alternating call by call (order flipped
      // each token), so a scheduler stall on this shared machine hits single calls of both alike
      // instead of whole 32-token runs of one. Samples are per token.
      let state: RecurrentState | undefined;
      let rawState = zeroState(1);
      const ours1 = async (id: number) => {
        const r = await session.run(
          { [name]: { dtype: 'int32', shape: [1, 1], data: new Int32Array([id]) } },
          { state },
        );
        state = r.state;
      };
      const raw1 = async (id: number) => {
        const out = await raw.run({
          [name]: new ort.Tensor('int32', new Int32Array([id]), [1, 1]),
          ...rawState,
        });
        const next: Feeds = {};
        for (const layer of layers) {
          next[stateInputName(layer.name, 'h')] = out[stateOutputName(layer.name, 'h')];
          if (layer.type === 'lstm')
            next[stateInputName(layer.name, 'c')] = out[stateOutputName(layer.name, 'c')];
        }
        rawState = next;
      };
      const calls = rounds * 200;
      for (let i = 0; i < calls + 300; i++) {
        const id = 1 + (i % 90);
        const a = i % 2 ? await time(() => ours1(id)) : 0;
        const b = await time(() => raw1(id));
        const c = i % 2 ? a : await time(() => ours1(id));
        if (i >= 300) {
          ours.push(c);
          theirs.push(b);
        }
      }
    } else {
      // Warm up both, then alternate (order flipped each round).
      for (let i = 0; i < 3; i++) {
        await rnnkitRun();
        await rawRun();
      }
      for (let r = 0; r < rounds; r++) {
        if (r % 2) {
          ours.push(await time(rnnkitRun));
          theirs.push(await time(rawRun));
        } else {
          theirs.push(await time(rawRun));
          ours.push(await time(rnnkitRun));
        }
      }
    }

    // The runner's own pieces, alone (JS only, no ORT): input checks for one call.
    const oneInput =
      w.tokens !== undefined
        ? ({ dtype: 'int32', shape: [1, 1], data: new Int32Array([5]) } as Tensor)
        : input;
    const first = await session.run({ [name]: oneInput });
    const reps = 2000;
    // Fastest of 10 batches: the JS cost once V8 has compiled it (a lower bound; right after a
    // native ORT run caches are cold and the same code takes a few times longer).
    const perCall = async (fn: () => unknown) => {
      let best = Infinity;
      for (let k = 0; k < 10; k++) {
        const ms = await time(() => {
          for (let i = 0; i < reps; i++) fn();
        });
        best = Math.min(best, ms);
      }
      return (best / reps) * 1000;
    };
    const core = await perCall(() =>
      prepareRunInputs(w.spec, { [name]: oneInput }, { state: first.state }),
    );
    const prepare = createRunPreparer(w.spec);
    const runner = await perCall(() => prepare({ [name]: oneInput }, { state: first.state }));

    const m = median(ours);
    const b = median(theirs);
    const share = w.tokens ? `, rnnkit does ${((b / m) * 100).toFixed(0)}% of raw steps/s` : '';
    console.log(
      `${w.id.padEnd(16)} rnnkit ${m.toFixed(3)}  raw ${b.toFixed(3)}  ratio ${(m / b).toFixed(3)}${share}` +
        `  | input checks alone (JS, warm): core prepareRunInputs ${core.toFixed(1)} us, runner ${runner.toFixed(1)} us`,
    );
    await session.dispose();
    await raw.release();
  }
}

await main();
