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
  prepareRunInputs,
  type RecurrentState,
  RnnkitError,
  type RunOptions,
  type RunResult,
  type Session,
  type Tensor,
  type TensorInfo,
} from '@rnnkit/core';
import type { FeedPlan } from './feed-plan.js';
import { buildFeeds } from './feeds.js';
import type { OrtInferenceSession, OrtModule, OrtRunOptions, OrtTensor } from './ort-module.js';
import { runOrtSession } from './ort-session.js';
import { checkSuffixPadding } from './padding.js';
import { sessionInputs, sessionOutputs } from './signature.js';

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
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(init: OrtModelSessionInit) {
    this.init = init;
    this.backend = init.backend;
    this.executionProvider = init.executionProvider;
    this.recurrentPlacement = Object.freeze({ ...init.recurrentPlacement });
    this.inputs = sessionInputs(init.spec);
    this.outputs = sessionOutputs(init.spec);
  }

  run(inputs: NamedTensors, options?: RunOptions): Promise<RunResult> {
    if (this.disposed) {
      const { backend } = this.init;
      return Promise.reject(
        new RnnkitError('DISPOSED', `${backend}: this session was disposed`, { backend }),
      );
    }
    // Runs called before dispose() still complete: dispose waits for this queue.
    const result = this.queue.then(() => this.runNow(inputs, options));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async runNow(inputs: NamedTensors, options?: RunOptions): Promise<RunResult> {
    const { ort, spec, plan, session, backend } = this.init;
    // Every check happens here, before ORT sees a byte.
    const prepared = prepareRunInputs(spec, inputs, options);
    checkSuffixPadding(spec, prepared, backend);
    const featureSize = spec.input.type === 'features' ? spec.input.size : 1;
    const feeds = buildFeeds(ort, plan, prepared, featureSize);
    // A session created with verbose logging (to read its placements) runs quietly.
    const results = await runOrtSession(session, feeds, backend, this.init.runOptions);

    const state: RecurrentState = {};
    for (const output of plan.stateOutputs) {
      const tensor = toFloat32Tensor(results[output.name], output.name, backend);
      state[output.layer] ??= { h: tensor };
      state[output.layer][output.state] = tensor;
    }
    const main = toFloat32Tensor(results[plan.mainOutput], plan.mainOutput, backend);
    return assembleRunResult(spec, main, state);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.queue;
    await this.init.session.release();
  }
}
