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
  private f32?: Float32Array;
  private i32?: Int32Array;
  private u8?: Uint8Array;

  constructor(memory: WebAssembly.Memory, heapBase: number) {
    this.memory = memory;
    this.top = align(heapBase);
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
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      try {
        this.memory.grow(Math.ceil((end - have) / PAGE));
      } catch (cause) {
        throw outOfMemory(what, end, cause);
      }
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

  /** Views over the current buffer (a grow detaches the old one, so they are re-made then). */
  get float32(): Float32Array {
    if (this.f32?.buffer !== this.memory.buffer) this.f32 = new Float32Array(this.memory.buffer);
    return this.f32;
  }

  get int32(): Int32Array {
    if (this.i32?.buffer !== this.memory.buffer) this.i32 = new Int32Array(this.memory.buffer);
    return this.i32;
  }

  get uint8(): Uint8Array {
    if (this.u8?.buffer !== this.memory.buffer) this.u8 = new Uint8Array(this.memory.buffer);
    return this.u8;
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
