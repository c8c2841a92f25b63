/**
 * A loaded model on ONNX Runtime: one InferenceSession, reused by every run. Runs are queued one
 * at a time because onnxruntime-web's wasm sessions refuse concurrent runs; dispose waits for
 * the queue, so runs called before it complete and no run meets a released session.
 */
import {
  assembleRunResult,
  type BackendId,
  type ModelSpec,
  type NamedTensors,
  nameRecord,
  type RecurrentState,
  RnnkitError,
  type RunOptions,
  type RunResult,
  type Session,
  sessionSignature,
  type Tensor,
  type TensorInfo,
} from '@rnnkit/core';
import type { FeedPlan } from './feed-plan.js';
import { buildFeeds } from './feeds.js';
import type { OrtInferenceSession, OrtModule, OrtRunOptions, OrtTensor } from './ort-module.js';
import { runFailure } from './ort-session.js';
import { checkSuffixPadding, usesInGraphMask } from './padding.js';
import { createRunPreparer, type RunPreparer } from './prepare-run.js';

function toFloat32Tensor(value: OrtTensor, name: string, backend: string): Tensor<'float32'> {
  if (!(value.data instanceof Float32Array)) {
    throw new RnnkitError(
      'INTERNAL',
      `${backend}: output '${name}' is ${value.type}, expected float32`,
      {
        backend,
        path: name,
      },
    );
  }
  return { dtype: 'float32', shape: [...value.dims], data: value.data };
}

const IDLE: Promise<unknown> = Promise.resolve();

export interface OrtModelSessionInit {
  ort: OrtModule;
  backend: BackendId;
  spec: ModelSpec;
  session: OrtInferenceSession;
  plan: FeedPlan;
  /** The execution provider the session asked for. */
  executionProvider: string;
  /** Recurrent layer name -> the ORT provider that runs its node ('unknown' if ORT did not say). */
  recurrentPlacement: Record<string, string>;
  runOptions?: OrtRunOptions;
}

export class OrtModelSession implements Session {
  readonly backend: BackendId;
  readonly inputs: readonly TensorInfo[];
  readonly outputs: readonly TensorInfo[];
  /** The execution provider this session asked ORT for ('cpu', 'wasm', 'webgpu'). */
  readonly executionProvider: string;
  /**
   * Recurrent layer name -> the ORT execution provider that runs its RNN/LSTM/GRU node, in ORT's
   * names ('CPUExecutionProvider', 'WebGpuExecutionProvider'); 'unknown' when ORT did not say.
   * WebGPU, for example, runs LSTM and GRU itself but leaves RNN to the CPU.
   */
  readonly recurrentPlacement: Readonly<Record<string, string>>;
  /**
   * The ONNX Runtime InferenceSession this session runs, for what rnnkit does not wrap (ORT's own
   * profiling, metadata). Running it directly bypasses every rnnkit check; its inputs and outputs
   * are the exported graph's (`state_in/<layer>/h`, …), not the spec's.
   */
  readonly inferenceSession: OrtInferenceSession;
  private readonly init: OrtModelSessionInit;
  private readonly prepare: RunPreparer;
  private readonly featureSize: number;
  private readonly maskZero: boolean;
  private readonly hasStateOutputs: boolean;
  /**
   * The last run started or queued while others were in flight; queued runs chain on it. Reset to
   * IDLE when nothing is in flight, so a finished run's outputs (16 MB for a language model over
   * a batch) are not kept alive by the session until the next run.
   */
  private queue: Promise<unknown> = IDLE;
  /** Runs started or queued and not yet settled. */
  private pending = 0;
  /** Resolves dispose() once pending drops to 0. */
  private drained?: () => void;
  private disposed = false;
  /**
   * The state output tensors of the last run. A caller streaming `run(x, { state })` hands their
   * arrays straight back, and ORT gets its own output tensors again; an older or hand-made state
   * goes in by value. (A WeakMap keyed by every run's arrays did this for any earlier run too;
   * its set cost ~1.5 µs a streaming call, and streaming hands back the last run's state.)
   */
  private lastStateOutputs: OrtTensor[] = [];
  private readonly previousOutput = (data: Tensor['data']): OrtTensor | undefined => {
    for (const tensor of this.lastStateOutputs) if (tensor.data === data) return tensor;
    return undefined;
  };

  constructor(init: OrtModelSessionInit) {
    this.init = init;
    this.backend = init.backend;
    this.executionProvider = init.executionProvider;
    this.inferenceSession = init.session;
    this.recurrentPlacement = Object.freeze({ ...init.recurrentPlacement });
    ({ inputs: this.inputs, outputs: this.outputs } = sessionSignature(init.spec));
    this.prepare = createRunPreparer(init.spec);
    this.featureSize = init.spec.input.type === 'features' ? init.spec.input.size : 1;
    this.maskZero = usesInGraphMask(init.spec);
    this.hasStateOutputs = (init.spec.stateOutputs?.length ?? 0) > 0;
  }

  run(inputs: NamedTensors, options?: RunOptions): Promise<RunResult> {
    if (this.disposed) {
      const { backend } = this.init;
      return Promise.reject(
        new RnnkitError('DISPOSED', `${backend}: this session was disposed`, { backend }),
      );
    }
    // An idle session starts the run at once; a busy one queues it behind the last run, whether
    // that succeeds or fails. A streaming caller awaits each run, so it never pays for a hop
    // through the queue. Each run is one promise: on a streaming call every layer shows.
    this.pending++;
    const start = () => this.runNow(inputs, options);
    const result = this.pending === 1 ? start() : this.queue.then(start, start);
    // A run refused synchronously has settled already and needs no place in the queue.
    if (this.pending > 0) this.queue = result;
    return result;
  }

  /** Checks, feeds and starts one ORT run; never throws (a refusal is a rejected promise). */
  private runNow(inputs: NamedTensors, options?: RunOptions): Promise<RunResult> {
    const { ort, spec, plan, session, backend, runOptions } = this.init;
    let feeds: Record<string, OrtTensor>;
    try {
      // Every check happens here, before ORT sees a byte.
      const prepared = this.prepare(inputs, options);
      if (this.maskZero) checkSuffixPadding(spec, prepared, backend);
      feeds = buildFeeds(ort, plan, prepared, this.featureSize, this.previousOutput);
    } catch (error) {
      this.settle();
      return Promise.reject(error);
    }
    let running: Promise<Record<string, OrtTensor>>;
    try {
      // A session created with verbose logging (to read its placements) runs quietly.
      running = runOptions ? session.run(feeds, runOptions) : session.run(feeds);
    } catch (error) {
      this.settle();
      return Promise.reject(runFailure(error, backend));
    }
    return running.then(this.collect, this.fail);
  }

  /** One run settled; the last one to settle empties the queue and lets dispose() go on. */
  private settle(): void {
    if (--this.pending > 0) return;
    this.queue = IDLE;
    const drained = this.drained;
    this.drained = undefined;
    drained?.();
  }

  private readonly fail = (error: unknown): never => {
    this.settle();
    throw runFailure(error, this.init.backend);
  };

  private readonly collect = (results: Record<string, OrtTensor>): RunResult => {
    this.settle();
    const { spec, plan, backend } = this.init;
    const state: RecurrentState = nameRecord();
    const stateTensors: OrtTensor[] = [];
    for (const output of plan.stateOutputs) {
      const tensor = toFloat32Tensor(results[output.name], output.name, backend);
      stateTensors.push(results[output.name]);
      state[output.layer] ??= { h: tensor };
      state[output.layer][output.state] = tensor;
    }
    this.lastStateOutputs = stateTensors;
    const main = toFloat32Tensor(results[plan.mainOutput], plan.mainOutput, backend);
    // Without stateOutputs in the spec the result is just the main output and the state.
    if (!this.hasStateOutputs) return { outputs: { [spec.output.name]: main }, state };
    return assembleRunResult(spec, main, state);
  };

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    // Runs called before dispose() still complete (their failures are their callers').
    if (this.pending > 0) await new Promise<void>((resolve) => (this.drained = resolve));
    await this.init.session.release();
  }
}
