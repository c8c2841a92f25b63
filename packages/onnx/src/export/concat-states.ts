/**
 * `concatStates` as ONNX nodes: each listed layer's final state Y_h / Y_c [dirs, batch, units]
 * becomes [batch, dirs*units] (Transpose, then Reshape [0, -1]: forward before backward), and the
 * layers are concatenated on the feature axis in the listed order.
 */
import { type ConcatStatesLayer, RnnkitError } from '@rnnkit/core';
import { makeAttribute } from '../proto/index.js';
import type { GraphBuilder } from './graph-builder.js';
import type { FlowValue } from './recurrent.js';

export function emitConcatStates(
  builder: GraphBuilder,
  layer: ConcatStatesLayer,
  finalNames: Record<string, { h: string; c?: string }>,
): FlowValue {
  const parts = layer.layers.map((name) => {
    const state = layer.kind === 'h' ? finalNames[name]?.h : finalNames[name]?.c;
    if (state === undefined) {
      throw new RnnkitError(
        'INVALID_SPEC',
        `concatStates layer '${layer.name}' names layer '${name}' without a '${layer.kind}' state`,
        { path: layer.name },
      );
    }
    const batchMajor = builder.node('Transpose', [state], `${layer.name}/${name}/batch_major`, [
      makeAttribute.ints('perm', [1, 0, 2]),
    ]);
    return builder.node(
      'Reshape',
      [batchMajor, builder.int64Constant([0, -1])],
      `${layer.name}/${name}/flat`,
    );
  });
  const name =
    parts.length === 1
      ? parts[0]
      : builder.node('Concat', parts, `${layer.name}/output`, [makeAttribute.int('axis', 1)]);
  return { name, sequence: false, timeMajor: false };
}
