/**
 * A bump allocator over one session's WebAssembly memory. Load places the weights (they stay
 * for the session's life); each run marks the top, allocates its scratch and releases back to
 * the mark, so repeated runs reuse the same bytes and the memory grows only to the largest run.
 * A failed `memory.grow` (the runtime's or the configured maximum) is a clean OUT_OF_MEMORY
 * error, never a crash; nothing has been written past the old end when it is thrown.
 */
import { RnnkitError } from '@rnnkit/core';

const PAGE = 65536;
const ALIGN = 16;

export class MemoryArena {
  readonly memory: WebAssembly.Memory;
  private top: number;

  constructor(memory: WebAssembly.Memory, heapBase: number) {
    this.memory = memory;
    this.top = align(heapBase);
    this.refreshViews();
  }

  get used(): number {
    return this.top;
  }

  /** Byte offset of `bytes` fresh bytes, 16-aligned. */
  alloc(bytes: number, what: string): number {
    const start = this.top;
    const end = start + align(Math.max(bytes, 0));
    if (!Number.isSafeInteger(end) || end > 2 ** 32) {
      throw outOfMemory(what, end);
    }
    if (end > this.bytes) {
      try {
        this.memory.grow(Math.ceil((end - this.bytes) / PAGE));
      } catch (cause) {
        throw outOfMemory(what, end, cause);
      }
      this.refreshViews();
    }
    this.top = end;
    return start;
  }

  mark(): number {
    return this.top;
  }

  release(mark: number): void {
    this.top = mark;
  }

  /**
   * Views over the current buffer. Only this arena grows the session's memory (it is created
   * for the session and never shared), so the views are re-made exactly when it grows: no
   * `memory.buffer` lookup per access on the streaming path.
   */
  float32!: Float32Array;
  int32!: Int32Array;
  uint8!: Uint8Array;
  private bytes = 0;

  private refreshViews(): void {
    const buffer = this.memory.buffer;
    this.bytes = buffer.byteLength;
    this.float32 = new Float32Array(buffer);
    this.int32 = new Int32Array(buffer);
    this.uint8 = new Uint8Array(buffer);
  }

  /** Copies floats in; returns their offset. */
  writeFloats(data: ArrayLike<number>, what: string): number {
    const at = this.alloc(data.length * 4, what);
    this.float32.set(data, at >> 2);
    return at;
  }

  readFloats(at: number, count: number): Float32Array {
    return this.float32.slice(at >> 2, (at >> 2) + count);
  }
}

function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

function outOfMemory(what: string, bytes: number, cause?: unknown): RnnkitError {
  return new RnnkitError(
    'OUT_OF_MEMORY',
    `rnnkit-wasm could not grow its WebAssembly memory to ${bytes} bytes for ${what}`,
    { backend: 'rnnkit-wasm', path: what, cause },
  );
}
