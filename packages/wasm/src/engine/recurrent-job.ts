/** Writes the RecurrentJob block of csrc/recurrent.c (24 four-byte fields, in its order). */
import type { ActivationCode } from './activation-code.js';
import type { MemoryArena } from './memory-arena.js';

export interface RecurrentJob {
  cell: number;
  batch: number;
  time: number;
  units: number;
  reverse: boolean;
  resetAfter: boolean;
  xp: number;
  recurrentKernel: number;
  recurrentKernelH: number;
  recurrentBias: number;
  peephole: number;
  h: number;
  c: number;
  out: number;
  outStride: number;
  mask: number;
  scratch: number;
  activation: ActivationCode;
  recurrentActivation: ActivationCode;
  /** > 0: the steps fuse their input projection (step-input.ts); xp is then the input rows. */
  inputSize: number;
}

export const JOB_BYTES = 24 * 4;

export function writeRecurrentJob(arena: MemoryArena, at: number, job: RecurrentJob): void {
  const i32 = arena.int32;
  const f32 = arena.float32;
  const base = at >> 2;
  // Field by field, no temporary array: this runs once per layer and direction per call.
  i32[base] = job.cell;
  i32[base + 1] = job.batch;
  i32[base + 2] = job.time;
  i32[base + 3] = job.units;
  i32[base + 4] = job.reverse ? 1 : 0;
  i32[base + 5] = job.resetAfter ? 1 : 0;
  i32[base + 6] = job.xp;
  i32[base + 7] = job.recurrentKernel;
  i32[base + 8] = job.recurrentKernelH;
  i32[base + 9] = job.recurrentBias;
  i32[base + 10] = job.peephole;
  i32[base + 11] = job.h;
  i32[base + 12] = job.c;
  i32[base + 13] = job.out;
  i32[base + 14] = job.outStride;
  i32[base + 15] = job.mask;
  i32[base + 16] = job.scratch;
  i32[base + 17] = job.activation.code;
  f32[base + 18] = job.activation.alpha;
  f32[base + 19] = job.activation.beta;
  i32[base + 20] = job.recurrentActivation.code;
  f32[base + 21] = job.recurrentActivation.alpha;
  f32[base + 22] = job.recurrentActivation.beta;
  i32[base + 23] = job.inputSize;
}
