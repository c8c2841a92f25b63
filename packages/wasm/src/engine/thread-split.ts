/**
 * How a splittable kernel call divides between threads. A batch's examples
 * are independent, so neither split needs synchronisation inside the call:
 * - `gemm` by blocks of output rows, multiples of 4 (the kernel's 4-row block), each block
 *   reading its rows of `a` and writing its rows of `out`;
 * - `recurrent_run` by batch examples: rows are batch-major (row b*time + t), so each thread's
 *   examples are one contiguous slice of xp (the projection, or the input rows of a fused job),
 *   h, c, out and mask, and it gets its own job block
 *   and its own part of the scratch.
 * Every output is the same sum in the same order whichever rows a block holds (csrc/gemm.c),
 * and an example's recurrence reads only its own rows, so a split computes the same bits.
 *
 * Small calls stay whole: a job message to a worker until its done word is set costs ~33-37 us
 * in Node on the 2-core machine this was measured on (docs/decisions.md "rnnkit-wasm worker
 * threads"), so a call is split only when it has at least minMadds multiply-adds (~200 us of
 * one core at ~20 G/s) and minRows rows.
 */
import type { MemoryArena } from './memory-arena.js';
import { JOB_BYTES } from './recurrent-job.js';

/**
 * When a call is split. Tests lower these (to split the small reference-matrix cases into
 * blocks of 1 row); the package never changes them.
 */
export const SPLIT_LIMITS = {
  /** Fewer multiply-adds than this run whole on the calling thread (see above). */
  minMadds: 4_000_000,
  /** Fewer rows (or examples) than this run whole: at least 4 per thread for 2 threads. */
  minRows: 8,
  /** Blocks are multiples of this many rows (the gemm kernel's 4-row block). */
  rowMultiple: 4,
};

// Field indices of the RecurrentJob block (src/engine/recurrent-job.ts, csrc/recurrent.c).
const CELL = 0;
const BATCH = 1;
const TIME = 2;
const UNITS = 3;
const XP = 6;
const H = 11;
const C = 12;
const OUT = 13;
const OUT_STRIDE = 14;
const MASK = 15;
const SCRATCH = 16;
const INPUT_SIZE = 23;
const GATES = [1, 4, 3]; // SimpleRNN, LSTM, GRU (the job's cell code)

/** A kernel call that may be split across threads: the arguments of `gemm`, or a job block. */
export type SplittableCall =
  | {
      kernel: 'gemm';
      args: [number, number, number, number, number, number, number, number, number];
    }
  | { kernel: 'recurrent_run'; job: number };

/** Up to `parts` contiguous blocks of `rows`, each a multiple of rowMultiple but the last. */
export function rowBlocks(rows: number, parts: number): { start: number; count: number }[] {
  const multiple = SPLIT_LIMITS.rowMultiple;
  const per = Math.ceil(rows / parts / multiple) * multiple;
  const blocks: { start: number; count: number }[] = [];
  for (let start = 0; start < rows; start += per)
    blocks.push({ start, count: Math.min(per, rows - start) });
  return blocks;
}

/** The call as up to `threads` independent calls (one when it is too small to be worth it). */
export function splitCall(
  call: SplittableCall,
  threads: number,
  arena: MemoryArena,
): SplittableCall[] {
  if (threads < 2) return [call];
  return call.kernel === 'gemm'
    ? splitGemm(call.args, threads)
    : splitRecurrent(call.job, threads, arena);
}

function splitGemm(
  args: Extract<SplittableCall, { kernel: 'gemm' }>['args'],
  threads: number,
): SplittableCall[] {
  const [out, ldo, a, lda, m, k, panels, n, bias] = args;
  if (m < SPLIT_LIMITS.minRows || m * k * n < SPLIT_LIMITS.minMadds)
    return [{ kernel: 'gemm', args }];
  return rowBlocks(m, threads).map(({ start, count }) => ({
    kernel: 'gemm',
    args: [out + start * ldo * 4, ldo, a + start * lda * 4, lda, count, k, panels, n, bias],
  }));
}

function splitRecurrent(job: number, threads: number, arena: MemoryArena): SplittableCall[] {
  const i32 = arena.int32;
  const base = job >> 2;
  const batch = i32[base + BATCH];
  const time = i32[base + TIME];
  const units = i32[base + UNITS];
  const gateUnits = GATES[i32[base + CELL]] * units;
  // A fused job (input_size > 0, step-input.ts) reads the layer's input rows instead of their
  // projection, and its per-step product runs over input_size + units.
  const inputSize = i32[base + INPUT_SIZE];
  const xpWidth = inputSize > 0 ? inputSize : gateUnits;
  const madds = batch * time * (units + inputSize) * gateUnits;
  if (batch < SPLIT_LIMITS.minRows || madds < SPLIT_LIMITS.minMadds)
    return [{ kernel: 'recurrent_run', job }];
  return rowBlocks(batch, threads).map(({ start, count }) => {
    // Allocated inside the run (released with it); the copy is read after this returns.
    const slice = arena.alloc(JOB_BYTES, 'recurrent job slice');
    const to = slice >> 2;
    const words = arena.int32; // the alloc may have grown the memory: a fresh view
    words.copyWithin(to, base, base + JOB_BYTES / 4);
    words[to + BATCH] = count;
    words[to + XP] += start * time * xpWidth * 4;
    words[to + H] += start * units * 4;
    if (words[to + C] !== 0) words[to + C] += start * units * 4;
    if (words[to + OUT] !== 0) words[to + OUT] += start * time * words[to + OUT_STRIDE] * 4;
    if (words[to + MASK] !== 0) words[to + MASK] += start * time;
    // The job's scratch is [batch, gates*units] + [batch, units]: this slice's share of it.
    words[to + SCRATCH] += start * (gateUnits + units) * 4;
    return { kernel: 'recurrent_run', job: slice } as const;
  });
}
