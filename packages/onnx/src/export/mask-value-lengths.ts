/**
 * A features input's `maskValue` (Keras Masking) as in-graph lengths for the RNN operators, which
 * know padding only as `sequence_lens`. A step is real when some feature differs from the value
 * (keras/src/layers/core/masking.py); the length is the count of leading real steps, which equals
 * the spec only when masked steps form a suffix. The ORT runner refuses other inputs by name
 * (runtime/padding.ts), as it does for maskZero.
 */
import { makeAttribute, OnnxDataType } from '../proto/index.js';
import type { GraphBuilder } from './graph-builder.js';

export function maskValueLengths(
  builder: GraphBuilder,
  input: string,
  maskValue: number,
  opset: number,
): string {
  const hint = `${input}/masking`;
  const differs = builder.node(
    'Not',
    [builder.node('Equal', [input, builder.float32Scalar(maskValue)], `${hint}/equal`)],
    `${hint}/differs`,
  );
  const differsFloat = builder.node('Cast', [differs], `${hint}/differs_f`, [
    makeAttribute.int('to', OnnxDataType.FLOAT),
  ]);
  // [B, T, F] -> [B, T]: 1 where any feature differs. ReduceMax took its axes as an input from opset 18.
  const keep = makeAttribute.int('keepdims', 0);
  const real =
    opset >= 18
      ? builder.node('ReduceMax', [differsFloat, builder.int64Constant([2])], `${hint}/real`, [
          keep,
        ])
      : builder.node('ReduceMax', [differsFloat], `${hint}/real`, [
          makeAttribute.ints('axes', [2]),
          keep,
        ]);
  return leadingRealCount(builder, real, hint);
}

/**
 * int32 [B] count of leading real steps of a float [B, T] 0/1 value: the index of the first 0 in
 * [real, 0], since ArgMin returns the first minimum and the appended 0 column makes "no padding"
 * give T.
 */
export function leadingRealCount(builder: GraphBuilder, real: string, hint: string): string {
  const firstColumn = builder.node(
    'Slice',
    [real, builder.int64Constant([0]), builder.int64Constant([1]), builder.int64Constant([1])],
    `${hint}/first_column`,
  );
  const zeros = builder.node('Mul', [firstColumn, builder.float32Scalar(0)], `${hint}/zero_column`);
  const padded = builder.node('Concat', [real, zeros], `${hint}/real_then_zero`, [
    makeAttribute.int('axis', 1),
  ]);
  const leading = builder.node('ArgMin', [padded], `${hint}/leading_real`, [
    makeAttribute.int('axis', 1),
    makeAttribute.int('keepdims', 0),
  ]);
  return builder.node('Cast', [leading], `${hint}/lengths`, [
    makeAttribute.int('to', OnnxDataType.INT32),
  ]);
}
