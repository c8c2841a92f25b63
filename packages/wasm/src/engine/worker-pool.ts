/**
 * The worker threads of one backend (`createWasmBackend({ threads: N })`: N - 1 workers, the
 * calling thread being the N-th), created on its first threaded load. Node: `node:worker_threads`
 * (imported dynamically, so browsers never see it) with inline source, `unref()`ed while idle so
 * a process can exit with the pool alive; browsers: Blob-URL workers.
 *
 * A session's memory is attached to a worker on its first job there (the compiled module and
 * the shared memory are sent once; the worker caches the instance for that memory, which is
 * recycled between sessions: shared-memories.ts). Jobs are messages {kernel, args}; each worker
 * answers them in order. When neither the backend nor any of its sessions can reach the pool any
 * more, its workers are terminated (FinalizationRegistry).
 */
import { RnnkitError } from '@rnnkit/core';
import { BROWSER_WORKER_SOURCE, NODE_WORKER_SOURCE } from './worker-source.js';

/** What a worker needs to run a session's kernels. */
export interface AttachedSession {
  /** The memory's id (SharedMemories.idOf): workers cache one instance per memory. */
  memoryId: number;
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  /** Top of each worker's stack region in the session's memory, by worker index. */
  stackTops: number[];
}

interface Reply {
  seq: number;
  error?: string;
}

/** The part of a Node Worker or a browser Worker the pool uses. */
interface Port {
  post(message: unknown): void;
  ref(): void;
  unref(): void;
  terminate(): void;
}

interface Pending {
  resolve(): void;
  reject(error: unknown): void;
}

class PoolWorker {
  readonly attached = new Set<number>();
  private readonly pending = new Map<number, Pending>();
  private failure?: RnnkitError;

  constructor(readonly port: Port) {}

  call(seq: number, message: unknown): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<void>((resolve, reject) => {
      if (this.pending.size === 0) this.port.ref();
      this.pending.set(seq, { resolve, reject });
      this.port.post(message);
    });
  }

  settle(reply: Reply): void {
    const pending = this.pending.get(reply.seq);
    if (!pending) return;
    this.pending.delete(reply.seq);
    if (this.pending.size === 0) this.port.unref();
    if (reply.error === undefined) pending.resolve();
    else
      pending.reject(
        new RnnkitError('INTERNAL', `rnnkit-wasm worker thread: ${reply.error}`, {
          backend: 'rnnkit-wasm',
        }),
      );
  }

  /** The worker died (an uncaught error or exit): every job there fails, now and later. */
  fail(cause: unknown): void {
    this.failure = new RnnkitError('INTERNAL', 'an rnnkit-wasm worker thread stopped', {
      backend: 'rnnkit-wasm',
      cause,
    });
    for (const pending of this.pending.values()) pending.reject(this.failure);
    this.pending.clear();
    this.port.unref();
  }

  get failed(): boolean {
    return this.failure !== undefined;
  }
}

/** Terminates a collected pool's workers (the held value holds the ports, not the pool). */
const unreachable = new FinalizationRegistry<Port[]>((ports) => {
  for (const port of ports) port.terminate();
});

export class WorkerPool {
  private seq = 0;

  private constructor(private readonly workers: PoolWorker[]) {
    unreachable.register(
      this,
      workers.map((worker) => worker.port),
    );
  }

  /** `size` workers; BACKEND_UNAVAILABLE where this runtime cannot start them. */
  static async create(size: number): Promise<WorkerPool> {
    const workers: PoolWorker[] = [];
    try {
      for (let i = 0; i < size; i++) workers.push(await startWorker());
    } catch (cause) {
      throw new RnnkitError(
        'BACKEND_UNAVAILABLE',
        'rnnkit-wasm option threads > 1 needs worker threads, which this runtime could not start',
        { backend: 'rnnkit-wasm', path: 'threads', cause },
      );
    }
    return new WorkerPool(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  /** Whether a worker has died (the backend then starts a new pool for its next load). */
  get broken(): boolean {
    return this.workers.some((worker) => worker.failed);
  }

  /** Calls `kernel(...args)` in the session's instance on worker `index`. */
  run(index: number, session: AttachedSession, kernel: string, args: number[]): Promise<void> {
    const worker = this.workers[index];
    if (!worker.attached.has(session.memoryId) && !worker.failed) {
      worker.attached.add(session.memoryId);
      worker.port.post({
        type: 'attach',
        memory: session.memoryId,
        module: session.module,
        shared: session.memory,
      });
    }
    const seq = ++this.seq;
    const stackTop = session.stackTops[index];
    return worker.call(seq, { type: 'run', seq, memory: session.memoryId, stackTop, kernel, args });
  }
}

async function startWorker(): Promise<PoolWorker> {
  if (typeof Worker === 'function' && typeof Blob === 'function' && !isNode()) {
    const url = URL.createObjectURL(new Blob([BROWSER_WORKER_SOURCE], { type: 'text/javascript' }));
    const worker = new Worker(url);
    URL.revokeObjectURL(url);
    const pool = new PoolWorker({
      post: (message) => worker.postMessage(message),
      ref: () => {},
      unref: () => {},
      terminate: () => worker.terminate(),
    });
    worker.onmessage = (event: MessageEvent<Reply>) => pool.settle(event.data);
    worker.onerror = (event) => pool.fail(event.message);
    return pool;
  }
  const { Worker: NodeWorker } = await import('node:worker_threads');
  const worker = new NodeWorker(NODE_WORKER_SOURCE, { eval: true });
  worker.unref();
  const pool = new PoolWorker({
    post: (message) => worker.postMessage(message),
    ref: () => worker.ref(),
    unref: () => worker.unref(),
    terminate: () => void worker.terminate(),
  });
  worker.on('message', (reply: Reply) => pool.settle(reply));
  worker.on('error', (error) => pool.fail(error));
  worker.on('exit', (code) => pool.fail(new Error(`exit code ${code}`)));
  return pool;
}

function isNode(): boolean {
  const scope = globalThis as { process?: { versions?: { node?: string } } };
  return typeof scope.process?.versions?.node === 'string';
}
