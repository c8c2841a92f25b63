/**
 * A threaded session's async runs: the layers (run-model.ts runModelSteps) on the calling
 * thread, each splittable call divided by thread-split.ts, the first part made here while the
 * workers make the others. Layers stay sequential. Runs of one session are queued, since a run
 * holds the top of the session's arena until it ends; a `runSync` in between is safe (it ends
 * before any queued run resumes, and allocates above it).
 */
import type { KernelExports } from './kernels.js';
import type { MemoryArena } from './memory-arena.js';
import type { PlannedLayer } from './model-plan.js';
import { type ModelResult, type RunInputs, runModel, runModelSteps } from './run-model.js';
import { SPLIT_LIMITS, splitCall } from './thread-split.js';
import type { Threading } from './threads-option.js';
import type { AttachedSession, WorkerPool } from './worker-pool.js';

/** Bytes of C stack each worker's instance gets in the session's memory (like --stack-first's). */
export const WORKER_STACK_BYTES = 65536;

export class ThreadedRunner {
  private readonly session: AttachedSession;
  private queue: Promise<unknown> = Promise.resolve();
  private queued = 0;
  private readonly pool: WorkerPool;

  constructor(
    private readonly threading: Threading,
    arena: MemoryArena,
  ) {
    this.pool = threading.pool;
    // Each worker's stack, for the session's life: its region of the arena, growing down.
    const stackTops: number[] = [];
    for (let i = 0; i < this.pool.size; i++)
      stackTops.push(arena.alloc(WORKER_STACK_BYTES, 'worker stack') + WORKER_STACK_BYTES);
    this.session = {
      memoryId: threading.memories.idOf(arena.memory),
      module: threading.kernels.module,
      memory: arena.memory,
      stackTops,
    };
  }

  /** The threads a run may use: the workers and the calling thread. */
  get threads(): number {
    return this.pool.size + 1;
  }

  run(
    kernels: KernelExports,
    arena: MemoryArena,
    plan: PlannedLayer[],
    prepared: RunInputs,
  ): Promise<ModelResult> {
    // Nothing to split and nothing queued: the calling thread at once (a streaming step).
    if (prepared.batch < SPLIT_LIMITS.minRows && this.queued === 0)
      return Promise.resolve(runModel(kernels, arena, plan, prepared));
    this.queued++;
    const result = this.queue.then(() => this.split(kernels, arena, plan, prepared));
    this.queue = result.then(
      () => this.queued--,
      () => this.queued--,
    );
    return result;
  }

  private async split(
    kernels: KernelExports,
    arena: MemoryArena,
    plan: PlannedLayer[],
    prepared: RunInputs,
  ): Promise<ModelResult> {
    const steps = runModelSteps(kernels, arena, plan, prepared);
    for (let next = steps.next(); ; next = steps.next()) {
      if (next.done) return next.value;
      let done: Promise<void>[] = [];
      try {
        const [mine, ...theirs] = splitCall(next.value, this.threads, arena);
        done = theirs.map((call, i) =>
          this.pool.run(
            i,
            this.session,
            call.kernel,
            call.kernel === 'gemm' ? call.args : [call.job],
          ),
        );
        if (mine.kernel === 'gemm') kernels.gemm(...mine.args);
        else kernels.recurrent_run(mine.job);
        await Promise.all(done);
      } catch (error) {
        // The workers may still be writing into the run's memory: let them end first. Then the
        // error goes into the generator, whose finally releases that memory, and on to the caller.
        await Promise.allSettled(done);
        steps.throw(error);
      }
    }
  }

  /** After the queued runs: the session's memory goes back for the backend's next load. */
  async dispose(): Promise<void> {
    await this.queue;
    this.threading.memories.give(this.session.memory);
  }
}
