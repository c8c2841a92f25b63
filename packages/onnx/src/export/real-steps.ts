/**
 * Which steps are real, as a graph value: [T, B] bool, t < length[b], from the int32 [B] lengths
 * the exporter gives every recurrent node (the spec's lengths, maskZero's leading tokens, or both)
 * and a time-major value whose axis 0 is time.
 */
import { makeAttribute, OnnxDataType } from '../proto/index.js';
import type { GraphBuilder } from './graph-builder.js';

export function realSteps(
  builder: GraphBuilder,
  timeMajor: string,
  lengths: string,
  hint: string,
): string {
  const time = builder.node(
    'Gather',
    [builder.node('Shape', [timeMajor], `${hint}/shape`), builder.int64Constant([0], true)],
    `${hint}/time`,
    [makeAttribute.int('axis', 0)],
  );
  const steps = builder.node(
    'Range',
    [builder.int64Constant([0], true), time, builder.int64Constant([1], true)],
    `${hint}/steps`,
  );
  const lengths64 = builder.node('Cast', [lengths], `${hint}/lengths_i64`, [
    makeAttribute.int('to', OnnxDataType.INT64),
  ]);
  // [T, 1] < [1, B] -> [T, B]
  return builder.node(
    'Less',
    [
      builder.node('Reshape', [steps, builder.int64Constant([-1, 1])], `${hint}/steps_t1`),
      builder.node('Reshape', [lengths64, builder.int64Constant([1, -1])], `${hint}/lengths_1b`),
    ],
    `${hint}/real`,
  );
}
