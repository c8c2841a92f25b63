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
import { runOrtSession } from './ort-session.js';
import { checkSuffixPadding, usesMaskZero } from './padding.js';
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
  private readonly init: OrtModelSessionInit;
  private readonly prepare: RunPreparer;
  private readonly featureSize: number;
  private readonly maskZero: boolean;
  private readonly hasStateOutputs: boolean;
  private queue: Promise<unknown> = Promise.resolve();
  /** Runs started or queued and not yet settled. */
  private pending = 0;
  private disposed = false;
  /**
   * The state tensors of recent runs, by their data arrays: a caller streaming `run(x, { state })`
   * hands those arrays back, and ORT gets its own output tensors again. Weak, so nothing is kept
   * alive that the caller dropped.
   */
  private readonly stateOutputs = new WeakMap<object, OrtTensor>();
  private readonly previousOutput = (data: Tensor['data']) => this.stateOutputs.get(data);

  constructor(init: OrtModelSessionInit) {
    this.init = init;
    this.backend = init.backend;
    this.executionProvider = init.executionProvider;
    this.recurrentPlacement = Object.freeze({ ...init.recurrentPlacement });
    ({ inputs: this.inputs, outputs: this.outputs } = sessionSignature(init.spec));
    this.prepare = createRunPreparer(init.spec);
    this.featureSize = init.spec.input.type === 'features' ? init.spec.input.size : 1;
    this.maskZero = usesMaskZero(init.spec);
    this.hasStateOutputs = (init.spec.stateOutputs?.length ?? 0) > 0;
  }

  run(inputs: NamedTensors, options?: RunOptions): Promise<RunResult> {
    if (this.disposed) {
      const { backend } = this.init;
      return Promise.reject(
        new RnnkitError('DISPOSED', `${backend}: this session was disposed`, { backend }),
      );
    }
    // An idle session starts the run at once; a busy one queues it behind the last run. A
    // streaming caller awaits each run, so it never pays for a hop through the queue.
    const result =
      this.pending === 0
        ? this.runNow(inputs, options)
        : this.queue.then(() => this.runNow(inputs, options));
    this.pending++;
    // Runs called before dispose() still complete: dispose waits for this queue.
    this.queue = result.then(this.settled, this.settled);
    return result;
  }

  private readonly settled = (): void => {
    this.pending--;
  };

  /** Checks, feeds and starts one ORT run; never throws (a refusal is a rejected promise). */
  private runNow(inputs: NamedTensors, options?: RunOptions): Promise<RunResult> {
    const { ort, spec, plan, session, backend } = this.init;
    let feeds: Record<string, OrtTensor>;
    try {
      // Every check happens here, before ORT sees a byte.
      const prepared = this.prepare(inputs, options);
      if (this.maskZero) checkSuffixPadding(spec, prepared, backend);
      feeds = buildFeeds(ort, plan, prepared, this.featureSize, this.previousOutput);
    } catch (error) {
      return Promise.reject(error);
    }
    // A session created with verbose logging (to read its placements) runs quietly.
    return runOrtSession(session, feeds, backend, this.init.runOptions).then(this.collect);
  }

  private readonly collect = (results: Record<string, OrtTensor>): RunResult => {
    const { spec, plan, backend } = this.init;
    const state: RecurrentState = {};
    for (const output of plan.stateOutputs) {
      const tensor = toFloat32Tensor(results[output.name], output.name, backend);
      this.stateOutputs.set(tensor.data, results[output.name]);
      state[output.layer] ??= { h: tensor };
      state[output.layer][output.state] = tensor;
    }
    const main = toFloat32Tensor(results[plan.mainOutput], plan.mainOutput, backend);
    // Without stateOutputs in the spec the result is just the main output and the state.
    if (!this.hasStateOutputs) return { outputs: { [spec.output.name]: main }, state };
    return assembleRunResult(spec, main, state);
  };

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.queue;
    await this.init.session.release();
  }
}
