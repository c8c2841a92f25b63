/**
 * Interprets the nodes in order (ONNX graphs are topologically sorted), giving every output a
 * LiftValue. Each op type has a short list of recognisers; the first that accepts the node's
 * inputs wins, and a node none accepts is refused, naming it and its op type.
 */
import type { OnnxNode } from '../../proto/types.js';
import { ACTIVATION_HANDLERS } from './activation.js';
import { CONSTANT_FOLDERS } from './constant-folder.js';
import { type LiftContext, refuse } from './context.js';
import { DENSE_HANDLERS } from './dense.js';
import { EMBEDDING_HANDLERS } from './embedding.js';
import { FINAL_STATE_HANDLERS } from './final-state.js';
import { LAYOUT_HANDLERS } from './layout-ops.js';
import { PACKED_SEQUENCE_HANDLERS } from './packed-sequence.js';
import { POOLING_HANDLERS } from './pooling.js';
import { isRecurrentOp, liftRecurrentNode } from './recurrent-node.js';
import { STATE_INPUT_HANDLERS } from './state-input.js';
import { STEP_SELECTION_HANDLERS } from './step-selection.js';
import { describeValue, type LiftValue } from './values.js';

type Handler = (node: OnnxNode, ctx: LiftContext) => LiftValue | LiftValue[] | undefined;

const TABLES: Record<string, Handler>[] = [
  CONSTANT_FOLDERS,
  // Before the final-state and embedding Gathers: a Gather by a batch permutation is ours.
  PACKED_SEQUENCE_HANDLERS,
  STATE_INPUT_HANDLERS,
  EMBEDDING_HANDLERS,
  LAYOUT_HANDLERS,
  STEP_SELECTION_HANDLERS,
  POOLING_HANDLERS,
  FINAL_STATE_HANDLERS,
  DENSE_HANDLERS,
  ACTIVATION_HANDLERS,
];

function handlersFor(opType: string): Handler[] {
  if (isRecurrentOp(opType)) return [liftRecurrentNode];
  return TABLES.flatMap((table) => (Object.hasOwn(table, opType) ? [table[opType]] : []));
}

export function liftNodes(nodes: readonly OnnxNode[], ctx: LiftContext): void {
  for (const node of nodes) {
    if (node.domain !== '' && node.domain !== 'ai.onnx')
      throw refuse(node, `operator domain '${node.domain}' is not supported`);
    const handlers = handlersFor(node.opType);
    if (handlers.length === 0)
      throw refuse(
        node,
        `op type ${node.opType} does not occur in the PyTorch RNN exports rnnkit understands`,
      );
    let result: LiftValue | LiftValue[] | undefined;
    for (const handler of handlers) {
      result = handler(node, ctx);
      if (result !== undefined) break;
    }
    if (result === undefined) {
      const kinds = node.input.map((name) =>
        name === '' ? 'nothing' : describeValue(ctx.values.get(name)),
      );
      throw refuse(
        node,
        `its inputs (${kinds.join(', ')}) do not form a pattern rnnkit understands`,
      );
    }
    const results = Array.isArray(result) ? result : [result];
    node.output.forEach((name, i) => {
      if (name === '') return;
      const value = results[i];
      if (value === undefined) throw refuse(node, `output ${i} ('${name}') is not supported`);
      ctx.values.set(name, value);
    });
  }
}
