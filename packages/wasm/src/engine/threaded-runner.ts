/**
 * A threaded session's kernels: the same exports, with `gemm` and `recurrent_run` divided by
 * thread-split.ts. The calling thread posts the other parts to the workers, makes the first part
 * itself, then waits for each worker's done word in the session's memory (Atomics.wait where the
 * thread may block: Node, workers; a spin on Atomics.load on a browser's main thread, which may
 * not, and which would be computing the same time on one thread anyway). So a threaded run stays
 * synchronous JavaScript: run-model.ts is the same code for both, layers stay sequential, and
 * runs of one session cannot interleave in its arena.
 *
 * Why not await a reply message: measured, the layer code as an async-capable generator cost
 * the one-thread streaming step 6-7% (1.1-1.6 us of ~17-25 us, GRU LM token, alternated in one
 * process), on the path of the issue's hardest target. The done word costs one thread nothing.
 */
import { RnnkitError } from '@rnnkit/core';
import type { KernelExports } from './kernels.js';
import type { MemoryArena } from './memory-arena.js';
import { type SplittableCall, splitCall } from './thread-split.js';
import type { Threading } from './threads-option.js';
import type { AttachedSession, WorkerPool } from './worker-pool.js';

/** Bytes of C stack each worker's instance gets in the session's memory (like --stack-first's). */
export const WORKER_STACK_BYTES = 65536;

export class ThreadedRunner {
  /** The kernels a threaded `run()` passes to runModel. */
  readonly kernels: KernelExports;
  private readonly session: AttachedSession;
  private readonly pool: WorkerPool;
  /** Byte offset of each worker's done word. */
  private readonly doneWords: number[] = [];

  constructor(
    private readonly threading: Threading,
    private readonly arena: MemoryArena,
    base: KernelExports,
  ) {
    this.pool = threading.pool;
    // Each worker's stack and done word, for the session's life: its region of the arena.
    const stackTops: number[] = [];
    for (let i = 0; i < this.pool.size; i++) {
      stackTops.push(arena.alloc(WORKER_STACK_BYTES, 'worker stack') + WORKER_STACK_BYTES);
      this.doneWords.push(arena.alloc(4, 'worker done word'));
    }
    this.session = {
      memoryId: threading.memories.idOf(arena.memory),
      module: threading.kernels.module,
      memory: arena.memory,
      stackTops,
    };
    this.kernels = {
      ...base,
      gemm: (...args) => this.split(base, { kernel: 'gemm', args }),
      recurrent_run: (job) => this.split(base, { kernel: 'recurrent_run', job }),
    };
  }

  /** Every worker has its instance over the session's memory (load awaits this). */
  attach(): Promise<void> {
    return this.pool.attach(this.session);
  }

  /** The threads a run may use: the workers and the calling thread. */
  get threads(): number {
    return this.pool.size + 1;
  }

  private split(base: KernelExports, call: SplittableCall): void {
    const [mine, ...theirs] = splitCall(call, this.threads, this.arena);
    const words = this.arena.int32; // after splitCall, which may have grown the memory
    theirs.forEach((part, i) => {
      Atomics.store(words, this.doneWords[i] >> 2, 0);
      const args = part.kernel === 'gemm' ? part.args : [part.job];
      this.pool.post(i, this.session, part.kernel, args, this.doneWords[i]);
    });
    try {
      if (mine.kernel === 'gemm') base.gemm(...mine.args);
      else base.recurrent_run(mine.job);
    } finally {
      // Even when this thread's part failed: the workers write into the run's memory until done.
      for (let i = 0; i < theirs.length; i++) waitForWord(words, this.doneWords[i] >> 2);
    }
    for (let i = 0; i < theirs.length; i++) {
      if (Atomics.load(words, this.doneWords[i] >> 2) !== 1) {
        throw new RnnkitError(
          'INTERNAL',
          `an rnnkit-wasm worker thread failed running ${call.kernel}${this.pool.lastError(i) ? `: ${this.pool.lastError(i)}` : ''}`,
          { backend: 'rnnkit-wasm' },
        );
      }
    }
  }

  /** The session's memory goes back for the backend's next load. */
  dispose(): void {
    this.threading.memories.give(this.session.memory);
  }
}

let canBlock: boolean | undefined;

function waitForWord(words: Int32Array, index: number): void {
  if (canBlock === undefined) {
    try {
      Atomics.wait(words, index, -1, 0); // returns at once; throws where this thread may not block
      canBlock = true;
    } catch {
      canBlock = false;
    }
  }
  if (canBlock) while (Atomics.load(words, index) === 0) Atomics.wait(words, index, 0);
  else while (Atomics.load(words, index) === 0);
}
