/**
 * Rows of a state graph input (PyTorch's h0 / c0, [layers*directions, batch, hidden]): PyTorch
 * slices rows [l*dirs, (l+1)*dirs) for layer l. The slices are followed here and checked to tile
 * the input when the spec's stateInputs are assembled.
 */
import type { OnnxNode } from '../../proto/types.js';
import { inputValue, type LiftContext, refuse } from './context.js';
import { resolveRange, sliceParameters } from './slice-parameters.js';
import type { LiftValue } from './values.js';

type Handler = (node: OnnxNode, ctx: LiftContext) => LiftValue | undefined;

const slice: Handler = (node, ctx) => {
  const x = inputValue(ctx, node, 0);
  if (x?.kind !== 'stateInput') return undefined;
  const p = sliceParameters(ctx, node, 3);
  if (p.axes.length !== 1 || p.axes[0] !== 0 || p.steps[0] !== 1) {
    throw refuse(
      node,
      `only step-1 slices along axis 0 of state input '${x.input}' are understood`,
    );
  }
  const [from, to] = resolveRange(p.starts[0], p.ends[0], x.end - x.start);
  return {
    kind: 'stateInput',
    input: x.input,
    start: x.start + from,
    end: x.start + Math.max(from, to),
  };
};

export const STATE_INPUT_HANDLERS: Record<string, Handler> = { Slice: slice };
