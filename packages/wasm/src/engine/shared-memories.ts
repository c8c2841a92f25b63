/**
 * A threaded backend's session memories, recycled: a disposed threaded session gives its shared
 * memory back and the next threaded load takes it, rather than each load making a new one.
 *
 * Why (measured, docs/decisions.md): a worker that has instantiated the kernels over a memory
 * keeps that memory alive until its own isolate collects garbage, and an idle worker allocates
 * almost nothing, so it practically never does: with a new memory per session, Node's RSS grew
 * ~3.9 MB per load/run/dispose cycle of a small GRU (3.7 GB over 1,100 cycles) although every
 * session was disposed and the worker had dropped its instance. Recycled, the workers see only as
 * many memories as sessions were ever alive at once, each instantiated once per worker; memory
 * is held at the peak, like an allocator's free list.
 *
 * A reused memory keeps its size and old bytes: the arena starts again at __heap_base and the
 * kernels read nothing they have not written (a one-thread session reuses its run scratch the
 * same way); the data segments were initialised once, by the first instance (lld's passive
 * segments and its init flag in that memory).
 */
export class SharedMemories {
  private readonly free: WebAssembly.Memory[] = [];
  private readonly ids = new WeakMap<WebAssembly.Memory, number>();
  private nextId = 0;

  /** A free memory with this maximum (in pages), or a new shared one (its id assigned). */
  take(initialPages: number, maximumPages: number): WebAssembly.Memory {
    const index = this.free.findIndex((memory) => maximumOf(memory) === maximumPages);
    if (index >= 0) return this.free.splice(index, 1)[0];
    const memory = new WebAssembly.Memory({
      initial: initialPages,
      maximum: maximumPages,
      shared: true,
    });
    this.ids.set(memory, ++this.nextId);
    maximums.set(memory, maximumPages);
    return memory;
  }

  /** The memory's id, the key under which workers cache their instance over it. */
  idOf(memory: WebAssembly.Memory): number {
    return this.ids.get(memory) as number;
  }

  /** A disposed session's memory, for the next load. */
  give(memory: WebAssembly.Memory): void {
    this.free.push(memory);
  }
}

const maximums = new WeakMap<WebAssembly.Memory, number>();

function maximumOf(memory: WebAssembly.Memory): number | undefined {
  return maximums.get(memory);
}
