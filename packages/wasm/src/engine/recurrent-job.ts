/** Writes the RecurrentJob block of csrc/recurrent.c (23 four-byte fields, in its order). */
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
}

export const JOB_BYTES = 23 * 4;

export function writeRecurrentJob(arena: MemoryArena, at: number, job: RecurrentJob): void {
  const i32 = arena.int32;
  const f32 = arena.float32;
  const base = at >> 2;
  const ints = [
    job.cell,
    job.batch,
    job.time,
    job.units,
    job.reverse ? 1 : 0,
    job.resetAfter ? 1 : 0,
    job.xp,
    job.recurrentKernel,
    job.recurrentKernelH,
    job.recurrentBias,
    job.peephole,
    job.h,
    job.c,
    job.out,
    job.outStride,
    job.mask,
    job.scratch,
  ];
  for (let i = 0; i < ints.length; i++) i32[base + i] = ints[i];
  i32[base + 17] = job.activation.code;
  f32[base + 18] = job.activation.alpha;
  f32[base + 19] = job.activation.beta;
  i32[base + 20] = job.recurrentActivation.code;
  f32[base + 21] = job.recurrentActivation.alpha;
  f32[base + 22] = job.recurrentActivation.beta;
}
