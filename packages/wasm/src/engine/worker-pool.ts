/**
 * The worker threads of one backend (`createWasmBackend({ threads: N })`: N - 1 workers, the
 * calling thread being the N-th), created on its first threaded load. Node: `node:worker_threads`
 * (imported dynamically, so browsers never see it) with inline source, `unref()`ed so a process
 * can exit with the pool alive; browsers: Blob-URL workers. `create` waits until every worker
 * has said it is listening, so a job posted later runs without the calling thread's event loop
 * (which is busy waiting for it).
 *
 * A session's memory is attached to every worker at load, before any job (the compiled module
 * and the shared memory are sent once and acknowledged; the worker caches the instance for that
 * memory, which is recycled between sessions: shared-memories.ts). Measured in Chromium: a
 * message carrying a shared memory, posted while the main thread then spins, was not delivered
 * until the main thread yielded (a deadlock), while plain messages were. So jobs are plain
 * messages {kernel, args}; a worker signals the end of each through a word of the memory. When neither the backend nor
 * any of its sessions can reach the pool any more, its workers are terminated.
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

interface Port {
  post(message: unknown): void;
  /** Resolvers waiting for {attached: id}, by memory id. */
  attaching: Map<number, () => void>;
  terminate(): void;
  /** The last error a job reported (arrives later, with the event loop). */
  lastError?: string;
}

/** Terminates a collected pool's workers (the held value holds the ports, not the pool). */
const unreachable = new FinalizationRegistry<Port[]>((ports) => {
  for (const port of ports) port.terminate();
});

export class WorkerPool {
  private readonly attached: Set<number>[];

  private constructor(private readonly ports: Port[]) {
    this.attached = ports.map(() => new Set<number>());
    unreachable.register(this, ports);
  }

  /** `size` listening workers; BACKEND_UNAVAILABLE where this runtime cannot start them. */
  static async create(size: number): Promise<WorkerPool> {
    try {
      return new WorkerPool(await Promise.all(Array.from({ length: size }, startWorker)));
    } catch (cause) {
      throw new RnnkitError(
        'BACKEND_UNAVAILABLE',
        'rnnkit-wasm option threads > 1 needs worker threads, which this runtime could not start',
        { backend: 'rnnkit-wasm', path: 'threads', cause },
      );
    }
  }

  get size(): number {
    return this.ports.length;
  }

  /** Every worker instantiates the kernels over the session's memory (once per memory). */
  async attach(session: AttachedSession): Promise<void> {
    await Promise.all(
      this.ports.map((port, index) => {
        if (this.attached[index].has(session.memoryId)) return undefined;
        this.attached[index].add(session.memoryId);
        return new Promise<void>((resolve) => {
          port.attaching.set(session.memoryId, resolve);
          port.post({
            type: 'attach',
            memory: session.memoryId,
            module: session.module,
            shared: session.memory,
          });
        });
      }),
    );
  }

  /**
   * Posts `kernel(...args)` for the session's instance on worker `index` (attached); the worker
   * stores 1 (done) or 2 (failed) into the int32 at byte offset `done` of the session's memory.
   */
  post(index: number, session: AttachedSession, kernel: string, args: number[], done: number) {
    const port = this.ports[index];
    const stackTop = session.stackTops[index];
    port.post({ type: 'run', memory: session.memoryId, stackTop, done, kernel, args });
  }

  /** What worker `index` last reported as an error, if its message has arrived. */
  lastError(index: number): string | undefined {
    return this.ports[index].lastError;
  }
}

interface Message {
  ready?: boolean;
  attached?: number;
  error?: string;
}

function startWorker(): Promise<Port> {
  return new Promise<Port>((resolve, reject) => {
    const listen = (port: Port) => (message: Message) => {
      if (message.ready) resolve(port);
      else if (message.attached !== undefined) {
        port.attaching.get(message.attached)?.();
        port.attaching.delete(message.attached);
      } else if (message.error !== undefined) port.lastError = message.error;
    };
    if (typeof Worker === 'function' && typeof Blob === 'function' && !isNode()) {
      const url = URL.createObjectURL(
        new Blob([BROWSER_WORKER_SOURCE], { type: 'text/javascript' }),
      );
      const worker = new Worker(url);
      URL.revokeObjectURL(url);
      const port: Port = {
        post: (message) => worker.postMessage(message),
        attaching: new Map(),
        terminate: () => worker.terminate(),
      };
      const onMessage = listen(port);
      worker.onmessage = (event: MessageEvent<Message>) => onMessage(event.data);
      worker.onerror = (event) => reject(new Error(event.message));
      return;
    }
    // The specifier in a variable: browser bundlers leave it alone (it only runs in Node).
    const nodeWorkers = 'node:worker_threads';
    (import(/* @vite-ignore */ nodeWorkers) as Promise<typeof import('node:worker_threads')>).then(
      ({ Worker: NodeWorker }) => {
        const worker = new NodeWorker(NODE_WORKER_SOURCE, { eval: true });
        worker.unref();
        const port: Port = {
          post: (message) => worker.postMessage(message),
          attaching: new Map(),
          terminate: () => void worker.terminate(),
        };
        worker.on('message', listen(port));
        worker.on('error', reject);
      },
      reject,
    );
  });
}

function isNode(): boolean {
  const scope = globalThis as { process?: { versions?: { node?: string } } };
  return typeof scope.process?.versions?.node === 'string';
}
