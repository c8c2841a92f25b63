/**
 * `createWasmBackend({ threads })`: how many threads a session's async runs may use (the
 * calling thread and threads - 1 workers). 1 (the default) is the one-thread engine exactly:
 * the same build, no shared memory, no workers.
 */
import { RnnkitError } from '@rnnkit/core';
import type { CompiledKernels, SimdPreference } from './kernels.js';
import { compiledSharedKernels } from './kernels-shared.js';
import { SharedMemories } from './shared-memories.js';
import { WorkerPool } from './worker-pool.js';

/** Refuses anything but an integer >= 1, so a typo never silently runs on one thread. */
export function checkThreads(threads: unknown): number {
  if (typeof threads === 'number' && Number.isInteger(threads) && threads >= 1) return threads;
  throw new RnnkitError(
    'INVALID_CONFIG',
    `rnnkit-wasm option threads must be an integer >= 1, got ${typeof threads === 'number' ? threads : JSON.stringify(threads)}`,
    { path: 'threads', backend: 'rnnkit-wasm' },
  );
}

/** What a threaded load needs: the shared build, the backend's pool and its memories. */
export interface Threading {
  kernels: CompiledKernels;
  pool: WorkerPool;
  memories: SharedMemories;
}

/** One backend's workers, started on its first threaded load (again after a failed start). */
export class BackendThreads {
  private pool?: Promise<WorkerPool>;
  private readonly memories = new SharedMemories();

  constructor(
    readonly threads: number,
    private readonly simd: SimdPreference,
  ) {}

  async forLoad(): Promise<Threading> {
    const kernels = await compiledSharedKernels(this.simd);
    if (!this.pool) {
      const pool = WorkerPool.create(this.threads - 1);
      this.pool = pool;
      pool.catch(() => {
        if (this.pool === pool) this.pool = undefined;
      });
    }
    return { kernels, pool: await this.pool, memories: this.memories };
  }
}
