/**
 * This machine's practical float32 peaks, measured in the same process: one ONNX MatMul
 * [n, n] x [n, n] (B a constant initializer, so ORT prepacks it: its best case), FLOPs = 2 n^3
 * per run, the fastest run. '% peak' of each backend is of the peak on the threads it runs on
 * (src/run-bench.ts PEAK_KIND): onnxruntime-node with every core for ort-node-cpu, with one
 * intra-op thread for the one-thread backends (tfjs-cpu, tfjs-wasm, ort-web-wasm with its Node
 * default of min(4, cores / 2) threads = 1 on 2 cores, rnnkit-wasm).
 * A third measurement, the same MatMul on onnxruntime-web's wasm build (MLAS compiled to
 * WebAssembly SIMD128), is printed for reference only: native code has FMA and 256/512-bit
 * vectors, wasm SIMD128 neither, so a wasm engine reaches a fraction of the native peak.
 */
import { availableParallelism } from 'node:os';
import { encodeModel, float32OnnxTensor, OnnxDataType, type OnnxModel } from '@rnnkit/onnx';
import * as ort from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { random } from './inputs.js';
import { measure, type TimingOptions } from './timing.js';

export interface PeakMeasurement {
  gflops: number;
  medianMs: number;
  bestMs: number;
  runs: number;
  method: string;
}

function matmulModel(n: number): Uint8Array {
  const next = random(99);
  const b = new Float32Array(n * n);
  for (let i = 0; i < b.length; i++) b[i] = next() - 0.5;
  const model: OnnxModel = {
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: 'rnnkit-bench',
    producerVersion: '0',
    domain: '',
    modelVersion: 1,
    docString: '',
    graph: {
      name: 'peak',
      node: [
        {
          name: 'matmul',
          opType: 'MatMul',
          domain: '',
          input: ['a', 'b'],
          output: ['y'],
          attribute: [],
        },
      ],
      initializer: [float32OnnxTensor('b', [n, n], b)],
      input: [{ name: 'a', type: { elemType: OnnxDataType.FLOAT, shape: [n, n] } }],
      output: [{ name: 'y', type: { elemType: OnnxDataType.FLOAT, shape: [n, n] } }],
      valueInfo: [],
    },
  };
  return encodeModel(model);
}

/** `threads`: every core by default; 1 gives the single-core peak single-threaded engines are held to. */
export async function measurePeak(
  n: number,
  timing: TimingOptions,
  threads = availableParallelism(),
): Promise<PeakMeasurement> {
  const session = await ort.InferenceSession.create(matmulModel(n), {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
  });
  const next = random(7);
  const a = new Float32Array(n * n);
  for (let i = 0; i < a.length; i++) a[i] = next() - 0.5;
  const feed = { a: new ort.Tensor('float32', a, [n, n]) };
  const t = await measure(() => session.run(feed), timing);
  await session.release();
  // Peak is a best case, so the fastest run, not the median: on a shared machine the median
  // drifts with other load, and a low peak would inflate every "% of peak".
  const gflops = (2 * n ** 3) / (t.minMs / 1e3) / 1e9;
  return {
    gflops,
    medianMs: t.medianMs,
    bestMs: t.minMs,
    runs: t.runs,
    method: `onnxruntime-node MatMul float32 [${n},${n}]x[${n},${n}] (B constant, prepacked), intraOpNumThreads=${threads}; 2*n^3 FLOPs / fastest of ${t.runs} runs (median run ${t.medianMs.toFixed(1)} ms)`,
  };
}

/**
 * The same MatMul on onnxruntime-web's wasm (SIMD128) build, for reference. Its thread count is
 * ORT's default (global to onnxruntime-web, so the ort-web-wasm rows run with the same); the
 * method string records it.
 */
export async function measureWasmPeak(n: number, timing: TimingOptions): Promise<PeakMeasurement> {
  const session = await ortWeb.InferenceSession.create(matmulModel(n), {
    executionProviders: ['wasm'],
  });
  const next = random(7);
  const a = new Float32Array(n * n);
  for (let i = 0; i < a.length; i++) a[i] = next() - 0.5;
  const feed = { a: new ortWeb.Tensor('float32', a, [n, n]) };
  const t = await measure(() => session.run(feed), timing);
  await session.release();
  const gflops = (2 * n ** 3) / (t.minMs / 1e3) / 1e9;
  return {
    gflops,
    medianMs: t.medianMs,
    bestMs: t.minMs,
    runs: t.runs,
    method: `onnxruntime-web wasm (SIMD128) MatMul float32 [${n},${n}]x[${n},${n}] (B constant, prepacked), numThreads=${String(ortWeb.env.wasm.numThreads ?? 'default')}; 2*n^3 FLOPs / fastest of ${t.runs} runs (median run ${t.medianMs.toFixed(1)} ms)`,
  };
}
