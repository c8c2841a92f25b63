/**
 * A loaded model: its own kernel instance and memory, weights resident there from load to
 * dispose. A run checks its inputs with core's prepareRunInputs (the same errors as every other
 * backend), then copies only the inputs and the state in and the outputs and the state out.
 */
import {
  assembleRunResult,
  type Model,
  type NamedTensors,
  prepareRunInputs,
  RnnkitError,
  type RunOptions,
  type RunResult,
  type Session,
  sessionSignature,
} from '@rnnkit/core';
import {
  type CompiledKernels,
  instantiateKernels,
  type KernelExports,
  type KernelVariant,
} from './engine/kernels.js';
import { MemoryArena } from './engine/memory-arena.js';
import { type PlannedLayer, planModel } from './engine/model-plan.js';
import { runModel } from './engine/run-model.js';
import { ThreadedRunner } from './engine/threaded-runner.js';
import type { Threading } from './engine/threads-option.js';
import { planTokenStep, type TokenStepPlan, tokenStepInputs } from './engine/token-step-inputs.js';

const PAGE = 65536;

export interface WasmSessionOptions {
  /** Upper bound of the session's WebAssembly memory, in bytes (default: 4 GiB, wasm32's limit). */
  maximumMemoryBytes?: number;
}

export class WasmSession implements Session {
  readonly backend = 'rnnkit-wasm' as const;
  /** Which build of the kernels this session runs: 'relaxed' (FMA in the products) or 'simd128'. */
  readonly kernelVariant: KernelVariant;
  /** Threads `run()` uses: 1, or the option `threads` (workers plus the calling thread). */
  readonly threads: number;
  readonly inputs;
  readonly outputs;
  private readonly model: Model;
  private kernels?: KernelExports;
  private arena?: MemoryArena;
  private plan?: PlannedLayer[];
  private readonly tokenStep?: TokenStepPlan;
  private readonly threaded?: ThreadedRunner;

  /** One-thread with `kernels`, or threaded with `threading` (its shared build and pool). */
  constructor(
    model: Model,
    oneThread: CompiledKernels | undefined,
    options: WasmSessionOptions = {},
    threading?: Threading,
  ) {
    const kernels = (threading?.kernels ?? oneThread) as CompiledKernels;
    this.model = model;
    this.kernelVariant = kernels.variant;
    const signature = sessionSignature(model.spec, 'float32');
    this.inputs = signature.inputs;
    this.outputs = signature.outputs;
    const maximum = Math.min(65536, Math.floor((options.maximumMemoryBytes ?? 2 ** 32) / PAGE));
    let memory: WebAssembly.Memory;
    try {
      // Threaded: a shared memory, recycled from a disposed session of the backend where one is
      // free (its buffer is a SharedArrayBuffer, replaced by a larger one on growth: the arena
      // re-makes its views, the workers' instances see the new size).
      const initial = Math.min(2, maximum);
      memory = threading
        ? threading.memories.take(initial, maximum)
        : new WebAssembly.Memory({ initial, maximum });
    } catch (cause) {
      throw new RnnkitError(
        'OUT_OF_MEMORY',
        'rnnkit-wasm could not create its WebAssembly memory',
        {
          backend: 'rnnkit-wasm',
          cause,
        },
      );
    }
    this.kernels = instantiateKernels(kernels.module, memory);
    this.arena = new MemoryArena(memory, this.kernels.__heap_base.value as number);
    this.plan = planModel(model, this.arena, this.kernels);
    if (threading) this.threaded = new ThreadedRunner(threading, this.arena, this.kernels);
    this.threads = this.threaded?.threads ?? 1;
    this.tokenStep = planTokenStep(model.spec);
  }

  /** Resolves when the session can run (a threaded one: its memory attached to the workers). */
  async ready(): Promise<this> {
    await this.threaded?.attach();
    return this;
  }

  /** Bytes of wasm memory in use (weights; runs release theirs) and reserved. */
  memoryBytes(): { used: number; reserved: number } {
    const arena = this.live();
    return { used: arena.arena.used, reserved: arena.arena.memory.buffer.byteLength };
  }

  /** A threaded session splits a batch's products and recurrence across its threads. */
  async run(inputs: NamedTensors, options?: RunOptions): Promise<RunResult> {
    return this.compute(inputs, options, this.threaded !== undefined);
  }

  /** The same as `run`, without the promise, and always on the calling thread alone. */
  runSync(inputs: NamedTensors, options?: RunOptions): RunResult {
    return this.compute(inputs, options, false);
  }

  private compute(inputs: NamedTensors, options: RunOptions | undefined, split: boolean) {
    const { kernels, arena, plan } = this.live();
    // Streaming token calls take core's checks without its float64 state copies; anything
    // else (and every input core would refuse) goes through prepareRunInputs.
    const prepared =
      (this.tokenStep && tokenStepInputs(this.tokenStep, inputs, options)) ??
      prepareRunInputs(this.model.spec, inputs, options);
    const calls = split && this.threaded ? this.threaded.kernels : kernels;
    const { output, state } = runModel(calls, arena, plan, prepared);
    return assembleRunResult(this.model.spec, output, state);
  }

  async dispose(): Promise<void> {
    // Dropping the instance and its memory is all there is to free; the GC reclaims both.
    this.kernels = undefined;
    this.arena = undefined;
    this.plan = undefined;
    // The memory goes back to the backend for its next threaded load.
    this.threaded?.dispose();
  }

  private live(): { kernels: KernelExports; arena: MemoryArena; plan: PlannedLayer[] } {
    if (!this.kernels || !this.arena || !this.plan) {
      throw new RnnkitError('DISPOSED', 'this rnnkit-wasm session was disposed', {
        backend: 'rnnkit-wasm',
      });
    }
    return { kernels: this.kernels, arena: this.arena, plan: this.plan };
  }
}
