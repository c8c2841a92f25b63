/**
 * `selectStep` and `pooling` as ONNX nodes on a sequence value (time-major or batch-major).
 * From opset 18 the Reduce operators take their axes as an input instead of an attribute.
 */
import type { PoolingLayer, SelectStepLayer } from '@rnnkit/core';
import { makeAttribute, OnnxDataType } from '../proto/index.js';
import type { GraphBuilder } from './graph-builder.js';
import { realSteps } from './real-steps.js';
import type { FlowValue } from './recurrent.js';

function reduce(
  builder: GraphBuilder,
  op: 'ReduceMean' | 'ReduceMax' | 'ReduceSum',
  input: string,
  axis: number,
  opset: number,
  hint: string,
): string {
  const keep = makeAttribute.int('keepdims', 0);
  // ReduceSum moved axes to an input at opset 13, ReduceMean and ReduceMax at 18.
  const axesAsInput = op === 'ReduceSum' ? opset >= 13 : opset >= 18;
  return axesAsInput
    ? builder.node(op, [input, builder.int64Constant([axis])], hint, [keep])
    : builder.node(op, [input], hint, [makeAttribute.ints('axes', [axis]), keep]);
}

export function emitSelectStep(
  builder: GraphBuilder,
  layer: SelectStepLayer,
  value: FlowValue,
): FlowValue {
  // Gather takes negative indices (counted from the end) since opset 11.
  const name = builder.node(
    'Gather',
    [value.name, builder.int64Constant([layer.index], true)],
    `${layer.name}/output`,
    [makeAttribute.int('axis', value.timeMajor ? 0 : 1)],
  );
  return { name, sequence: false, timeMajor: false };
}

export function emitPooling(
  builder: GraphBuilder,
  layer: PoolingLayer,
  value: FlowValue,
  lengths: string | undefined,
  opset: number,
): FlowValue {
  const hint = `${layer.name}/output`;
  const op = layer.mode === 'mean' ? 'ReduceMean' : 'ReduceMax';
  if (layer.steps === 'all' || lengths === undefined) {
    const axis = value.timeMajor ? 0 : 1;
    return {
      name: reduce(builder, op, value.name, axis, opset, hint),
      sequence: false,
      timeMajor: false,
    };
  }
  const x = value.timeMajor
    ? value.name
    : builder.node('Transpose', [value.name], `${layer.name}/time_major`, [
        makeAttribute.ints('perm', [1, 0, 2]),
      ]);
  const real = builder.node(
    'Unsqueeze',
    [realSteps(builder, x, lengths, layer.name), builder.int64Constant([2])],
    `${layer.name}/real_tb1`,
  );
  // Real steps per example, [B, 1]; an example without any pools to 0 (the spec).
  const count = reduce(
    builder,
    'ReduceSum',
    builder.node('Cast', [real], `${layer.name}/real_f`, [
      makeAttribute.int('to', OnnxDataType.FLOAT),
    ]),
    0,
    opset,
    `${layer.name}/count`,
  );
  if (layer.mode === 'mean') {
    const masked = builder.node(
      'Where',
      [real, x, builder.float32Scalar(0)],
      `${layer.name}/masked`,
    );
    const sum = reduce(builder, 'ReduceSum', masked, 0, opset, `${layer.name}/sum`);
    const divisor = builder.node('Max', [count, builder.float32Scalar(1)], `${layer.name}/divisor`);
    return { name: builder.node('Div', [sum, divisor], hint), sequence: false, timeMajor: false };
  }
  const masked = builder.node(
    'Where',
    [real, x, builder.float32Scalar(Number.NEGATIVE_INFINITY)],
    `${layer.name}/masked`,
  );
  const max = reduce(builder, 'ReduceMax', masked, 0, opset, `${layer.name}/max`);
  const any = builder.node('Greater', [count, builder.float32Scalar(0)], `${layer.name}/any_real`);
  const name = builder.node('Where', [any, max, builder.float32Scalar(0)], hint);
  return { name, sequence: false, timeMajor: false };
}
