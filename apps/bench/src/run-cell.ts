/**
 * One (workload, backend) cell: load, check outputs against the baseline, time rnnkit, time the
 * baseline on the same input. Every failure is recorded, never thrown: benchmarks don't fail.
 */
import {
  type Backend,
  int32Tensor,
  type Model,
  type RecurrentState,
  RnnkitError,
  type Session,
  type Tensor,
} from '@rnnkit/core';
import { OrtModelSession } from '@rnnkit/onnx';
import { createOrtNodeBackend } from '@rnnkit/onnxruntime-node';
import type { BenchBackendId } from './backends.js';
import { type Baseline, NotExpressible } from './baselines/baseline.js';
import { createRawOrtBaseline } from './baselines/raw-ort.js';
import { createTfLayersBaseline } from './baselines/tfjs-layers.js';
import { createTfjsWasmSessionBaseline } from './baselines/tfjs-wasm-session.js';
import { createWasmSimd128Baseline } from './baselines/wasm-simd128.js';
import { AGREEMENT_TOLERANCE, maxAbsDifference } from './compare.js';
import { recurrentFlops } from './flops.js';
import type { BaselineResult, CellResult, Measurement } from './results.js';
import { measure, measurePair, type Timing, type TimingOptions } from './timing.js';
import type { Workload } from './workloads.js';

export interface CellContext {
  workload: Workload;
  model: Model;
  /** [batch, time] features/tokens for sequences; [batch, tokens] ids for generation. */
  input: Tensor;
  timing: TimingOptions;
  peakGflops: number;
  /** First backend's output for this workload (cross-backend agreement). */
  firstOutput?: Float32Array;
}

function toMeasurement(ctx: CellContext, t: Timing): Measurement {
  const { workload } = ctx;
  const seconds = t.medianMs / 1e3;
  const steps = workload.kind === 'generate' ? (workload.tokens ?? 1) : workload.time;
  const flops = recurrentFlops(workload.spec, workload.batch, steps);
  const gflops = flops / seconds / 1e9;
  const generate = workload.kind === 'generate';
  return {
    medianMs: t.medianMs,
    runs: t.runs,
    latencyMs: generate ? t.medianMs / steps : t.medianMs,
    throughput: generate ? (steps * workload.batch) / seconds : workload.batch / seconds,
    throughputUnit: generate ? 'tokens/s' : 'sequences/s',
    gflops,
    peakFraction: gflops / ctx.peakGflops,
  };
}

/** No copy when the output already is float32: the baselines don't copy theirs either. */
function asFloat32(tensor: Tensor): Float32Array {
  return tensor.data instanceof Float32Array
    ? tensor.data
    : Float32Array.from(tensor.data as ArrayLike<number>);
}

async function rnnkitForward(session: Session, ctx: CellContext): Promise<Float32Array> {
  const { spec } = ctx.model;
  if (ctx.workload.kind === 'sequence') {
    const result = await session.run({ [spec.input.name]: ctx.input });
    return asFloat32(result.outputs[spec.output.name]);
  }
  // Generation: one token per call, the state of each call fed into the next. Ids are a fixed
  // sequence (not sampled) so every backend does identical work and outputs stay comparable.
  const [batch, steps] = ctx.input.shape;
  const ids = ctx.input.data as Int32Array;
  let state: RecurrentState | undefined;
  let last: Float32Array = new Float32Array(0);
  for (let t = 0; t < steps; t++) {
    const step = new Int32Array(batch);
    for (let b = 0; b < batch; b++) step[b] = ids[b * steps + t];
    const result = await session.run(
      { [spec.input.name]: int32Tensor([batch, 1], step) },
      { state },
    );
    state = result.state;
    last = asFloat32(result.outputs[spec.output.name]);
  }
  return last;
}

function ortSession(session: Session): OrtModelSession {
  if (!(session instanceof OrtModelSession))
    throw new Error(`${session.backend} is not an ORT session`);
  return session;
}

async function createBaseline(
  id: BenchBackendId,
  model: Model,
  session: Session,
): Promise<Baseline> {
  switch (id) {
    case 'tfjs-cpu':
      return createTfLayersBaseline(model, 'cpu');
    case 'tfjs-wasm':
      return createTfLayersBaseline(model, 'wasm');
    case 'ort-node-cpu':
      return createRawOrtBaseline(model, 'node', ortSession(session));
    case 'ort-web-wasm':
      return createRawOrtBaseline(model, 'web', ortSession(session));
    case 'rnnkit-wasm':
      return createSingleThreadOrtBaseline(model);
    case 'rnnkit-wasm-relaxed':
      return createWasmSimd128Baseline(model);
    case 'rnnkit-wasm-threads':
      return createTfjsWasmSessionBaseline(model);
  }
}

const BASELINE_KIND: Record<BenchBackendId, string> = {
  'tfjs-cpu': 'tf.layers',
  'tfjs-wasm': 'tf.layers',
  'ort-node-cpu': 'raw-ort-node',
  'ort-web-wasm': 'raw-ort-web',
  'rnnkit-wasm': 'raw-ort-node-1t',
  'rnnkit-wasm-relaxed': 'rnnkit-wasm-simd128',
  'rnnkit-wasm-threads': 'rnnkit-tfjs-wasm',
};

/**
 * rnnkit-wasm's baseline: raw onnxruntime-node on the same model, driven by hand like
 * raw-ort-node, but on a session of its own with one intra-op thread, because rnnkit-wasm runs
 * on one thread (issue 15: "same thread count"). The ort-node-cpu rows show ORT with every core.
 */
async function createSingleThreadOrtBaseline(model: Model): Promise<Baseline> {
  const own = await createOrtNodeBackend({ threads: 1 }).load(model);
  const raw = await createRawOrtBaseline(model, 'node', ortSession(own));
  return {
    kind: 'raw-ort-node-1t',
    run: (input) => raw.run(input),
    generate: (tokens) => raw.generate(tokens),
    async dispose() {
      await raw.dispose();
      await own.dispose();
    },
  };
}

function describe(error: unknown): string {
  if (RnnkitError.isInstance(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

interface PreparedBaseline {
  kind: string;
  baseline?: Baseline;
  forward?: () => Promise<Float32Array>;
  /** Set when the baseline is not timed: not expressible, or it failed. */
  result?: BaselineResult;
  firstMs: number;
  maxAbsDifference: number;
  agreement: 'ok' | 'ERROR';
}

type LoadedBaseline =
  | { kind: string; baseline: Baseline }
  | { kind: string; result: BaselineResult };

/** Creates the baseline; a failure or a model it cannot express is recorded, never thrown. */
async function loadBaseline(
  id: BenchBackendId,
  ctx: CellContext,
  session: Session,
  errors: string[],
): Promise<LoadedBaseline> {
  const kind = BASELINE_KIND[id];
  try {
    return { kind, baseline: await createBaseline(id, ctx.model, session) };
  } catch (error) {
    if (error instanceof NotExpressible)
      return { kind, result: { kind, status: 'not expressible', reason: error.message } };
    errors.push(`${ctx.workload.id} on ${id}: ${kind} baseline failed: ${describe(error)}`);
    return { kind, result: { kind, status: 'error', reason: describe(error) } };
  }
}

/** Runs the loaded baseline once and checks its output against rnnkit's before anything is timed. */
async function prepareBaseline(
  id: BenchBackendId,
  loaded: LoadedBaseline,
  ctx: CellContext,
  rnnkitOutput: Float32Array,
  errors: string[],
): Promise<PreparedBaseline> {
  const { kind } = loaded;
  const untimed = (result: BaselineResult): PreparedBaseline => ({
    kind,
    result,
    firstMs: 0,
    maxAbsDifference: Number.NaN,
    agreement: 'ok',
  });
  if ('result' in loaded) return untimed(loaded.result);
  const { baseline } = loaded;
  try {
    const forward =
      ctx.workload.kind === 'sequence'
        ? () => baseline.run(ctx.input)
        : () => baseline.generate(ctx.input);
    const t0 = performance.now();
    const output = await forward();
    const firstMs = performance.now() - t0;
    let difference = maxAbsDifference(rnnkitOutput, output);
    if (baseline.runIndependently) {
      const own = await baseline.runIndependently(ctx.input, ctx.workload.kind === 'generate');
      difference = Math.max(difference, maxAbsDifference(rnnkitOutput, own));
    }
    const agreement = difference <= AGREEMENT_TOLERANCE ? 'ok' : 'ERROR';
    if (agreement === 'ERROR')
      errors.push(
        `${ctx.workload.id} on ${id}: rnnkit and ${kind} outputs differ by ${difference.toExponential(2)} (> ${AGREEMENT_TOLERANCE})`,
      );
    return { kind, baseline, forward, firstMs, maxAbsDifference: difference, agreement };
  } catch (error) {
    // Some limits only show on the first call (tf.layers cannot carry state between calls).
    if (error instanceof NotExpressible)
      return untimed({ kind, status: 'not expressible', reason: error.message });
    errors.push(`${ctx.workload.id} on ${id}: ${kind} baseline failed: ${describe(error)}`);
    return untimed({ kind, status: 'error', reason: describe(error) });
  }
}

export async function runCell(
  id: BenchBackendId,
  backend: Backend,
  ctx: CellContext,
  errors: string[],
): Promise<{ cell: CellResult; output?: Float32Array }> {
  const base = { workload: ctx.workload.id, backend: id };
  const support = backend.supports(ctx.model);
  if (!support.supported)
    return {
      cell: { ...base, status: 'unsupported', reason: `${support.feature}: ${support.reason}` },
    };
  let session: Session | undefined;
  let loaded: LoadedBaseline | undefined;
  try {
    session = await backend.load(ctx.model);
    const s = session;
    loaded = await loadBaseline(id, ctx, s, errors);
    const t0 = performance.now();
    const output = await rnnkitForward(s, ctx);
    const firstMs = performance.now() - t0;
    let vsFirst: number | undefined;
    if (ctx.firstOutput) {
      vsFirst = maxAbsDifference(output, ctx.firstOutput);
      if (!(vsFirst <= AGREEMENT_TOLERANCE))
        errors.push(
          `${ctx.workload.id} on ${id}: output differs from the first backend's by ${vsFirst.toExponential(2)} (> ${AGREEMENT_TOLERANCE})`,
        );
    }
    const prepared = await prepareBaseline(id, loaded, ctx, output, errors);
    let measurement: Measurement;
    let baseline: BaselineResult;
    if (prepared.forward) {
      // rnnkit and its baseline alternate call by call, so load bursts hit both alike.
      const [ours, theirs] = await measurePair(
        () => rnnkitForward(s, ctx),
        prepared.forward,
        ctx.timing,
        Math.max(firstMs, prepared.firstMs),
      );
      measurement = toMeasurement(ctx, ours);
      baseline = {
        kind: prepared.kind,
        status: 'ok',
        measurement: toMeasurement(ctx, theirs),
        ratio: ours.medianMs / theirs.medianMs,
        maxAbsDifference: prepared.maxAbsDifference,
        agreement: prepared.agreement,
      };
    } else {
      measurement = toMeasurement(
        ctx,
        await measure(() => rnnkitForward(s, ctx), ctx.timing, firstMs),
      );
      baseline = prepared.result!;
    }
    return {
      cell: { ...base, status: 'ok', measurement, maxAbsDifferenceVsFirst: vsFirst, baseline },
      output,
    };
  } catch (error) {
    errors.push(`${ctx.workload.id} on ${id}: ${describe(error)}`);
    return { cell: { ...base, status: 'error', reason: describe(error) } };
  } finally {
    if (loaded && 'baseline' in loaded) await loaded.baseline.dispose().catch(() => undefined);
    await session?.dispose().catch(() => undefined);
  }
}
