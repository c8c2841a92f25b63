/**
 * sequenceOrder 'processing' (Keras go_backwards with return_sequences): the layer's time-aligned
 * sequence reversed over the whole time axis, as a Slice with step -1 (opset >= 10; the exporter
 * writes 14+). The end, INT32_MIN, is clamped by Slice to "before index 0" for any length.
 */
import type { GraphBuilder } from './graph-builder.js';
import type { FlowValue } from './recurrent.js';

export function reverseTimeAxis(builder: GraphBuilder, value: FlowValue, hint: string): FlowValue {
  const axis = value.timeMajor ? 0 : 1;
  const name = builder.node(
    'Slice',
    [
      value.name,
      builder.int64Constant([-1]),
      builder.int64Constant([-2147483648]),
      builder.int64Constant([axis]),
      builder.int64Constant([-1]),
    ],
    `${hint}/processing_order`,
  );
  return { ...value, name };
}
