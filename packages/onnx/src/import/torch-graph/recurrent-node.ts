/**
 * One ONNX RNN/LSTM/GRU node -> one spec recurrent layer (PyTorch writes one node per layer).
 * X must be the model's data in time-major [time, batch, features] layout; the first node fixes
 * which input axis is time. Initial states must be zeros or rows of a state graph input.
 */
import type { Activation, Direction, RecurrentLayer } from '@rnnkit/core';
import type { OnnxNode } from '../../proto/types.js';
import {
  type InitialState,
  inputValue,
  intAttribute,
  type LiftContext,
  onlyAttributes,
  recurrentLayerName,
  refuse,
  sameDim,
  stringAttribute,
  stringsAttribute,
} from './context.js';
import {
  canonicalBiases,
  canonicalKernel,
  canonicalPeephole,
  type RecurrentType,
} from './onnx-recurrent-weights.js';
import type { ConstValue, DataValue, LiftValue, SymbolicDim } from './values.js';

const TYPES: Record<string, RecurrentType> = { RNN: 'simpleRnn', LSTM: 'lstm', GRU: 'gru' };
const GATES: Record<RecurrentType, number> = { simpleRnn: 1, lstm: 4, gru: 3 };
/** ONNX's default activations per direction. */
const DEFAULT_ACTIVATIONS: Record<RecurrentType, string[]> = {
  simpleRnn: ['Tanh'],
  lstm: ['Sigmoid', 'Tanh', 'Tanh'],
  gru: ['Sigmoid', 'Tanh'],
};
const ACTIVATIONS: Record<string, Activation> = { Tanh: 'tanh', Relu: 'relu', Sigmoid: 'sigmoid' };

export const isRecurrentOp = (opType: string): boolean => Object.hasOwn(TYPES, opType);

function constInput(
  ctx: LiftContext,
  node: OnnxNode,
  index: number,
  what: string,
): ConstValue | undefined {
  const value = inputValue(ctx, node, index);
  if (value === undefined) return undefined;
  if (value.kind !== 'const')
    throw refuse(node, `${what} must be an initializer or constant, found a ${value.kind} value`);
  return value;
}

function expectDims(node: OnnxNode, value: ConstValue, dims: number[], what: string): void {
  if (value.dims.length !== dims.length || value.dims.some((d, i) => d !== dims[i])) {
    throw refuse(node, `${what} has shape [${value.dims}], expected [${dims}]`);
  }
}

/**
 * Activations of each direction ([forward], or [forward, backward] lists), mapped to spec
 * activations. PyTorch itself never writes directions that differ (its modules have one
 * nonlinearity), but any multi-node graph comes through this lifter, so a bidirectional node
 * whose halves differ becomes the spec's `backward` activations rather than a refusal.
 */
function activations(node: OnnxNode, type: RecurrentType, directions: number): Activation[][] {
  const defaults = DEFAULT_ACTIVATIONS[type];
  const given = stringsAttribute(node, 'activations') ?? [];
  if (given.length !== 0 && given.length !== defaults.length * directions) {
    throw refuse(
      node,
      `expected ${defaults.length * directions} activations, found ${given.length}`,
    );
  }
  return Array.from({ length: directions }, (_, d) =>
    (given.length === 0
      ? defaults
      : given.slice(d * defaults.length, (d + 1) * defaults.length)
    ).map((name) => {
      const activation = Object.hasOwn(ACTIVATIONS, name) ? ACTIVATIONS[name] : undefined;
      if (activation === undefined) throw refuse(node, `activation '${name}' is not supported`);
      return activation;
    }),
  );
}

function initialState(
  node: OnnxNode,
  value: LiftValue | undefined,
  directions: number,
  what: string,
): InitialState {
  if (value === undefined) return { kind: 'zero' };
  if (value.kind === 'zeros') {
    if (typeof value.dims[0] === 'number' && value.dims[0] !== directions) {
      throw refuse(node, `${what} zeros have ${value.dims[0]} rows, expected ${directions}`);
    }
    return { kind: 'zero' };
  }
  if (value.kind === 'const' && value.values.every((v) => v === 0)) {
    if (value.dims[0] !== directions)
      throw refuse(node, `${what} zeros have ${value.dims[0]} rows, expected ${directions}`);
    return { kind: 'zero' };
  }
  if (value.kind === 'stateInput') {
    if (value.end - value.start !== directions) {
      throw refuse(
        node,
        `${what} takes rows [${value.start}, ${value.end}) of '${value.input}', expected ${directions} rows`,
      );
    }
    return { kind: 'input', input: value.input, start: value.start, end: value.end };
  }
  throw refuse(node, `${what} must be zeros or rows of a graph input, found a ${value.kind} value`);
}

function inputData(ctx: LiftContext, node: OnnxNode): DataValue {
  const x = inputValue(ctx, node, 0);
  if (x?.kind !== 'data')
    throw refuse(
      node,
      `X must come from the model input, found ${x ? `a ${x.kind} value` : 'nothing'}`,
    );
  const [time, batch, feature] = x.axes;
  if (
    x.axes.length !== 3 ||
    feature.tag !== 'feature' ||
    (time.tag !== 'in0' && time.tag !== 'in1') ||
    (batch.tag !== 'in0' && batch.tag !== 'in1') ||
    time.tag === batch.tag
  ) {
    throw refuse(
      node,
      `X must be [time, batch, features], found axes [${x.axes.map((a) => a.tag)}]`,
    );
  }
  if (ctx.timeAxis === undefined) ctx.timeAxis = time.tag;
  else if (ctx.timeAxis !== time.tag)
    throw refuse(node, 'X has time and batch swapped relative to an earlier RNN node');
  return x;
}

/** Whether X's batch axis is in pack_padded_sequence's sorted order. */
const isSorted = (x: DataValue): boolean => {
  const batch = x.axes[1];
  return (batch.tag === 'in0' || batch.tag === 'in1') && batch.sorted === true;
};

/**
 * sequence_lens: only the lengths graph input of pack_padded_sequence, sorted exactly when X's batch
 * is (enforce_sorted=False sorts both; see packed-sequence.ts). Returns whether the node has one.
 */
function packedLengths(ctx: LiftContext, node: OnnxNode, x: DataValue): boolean {
  const lengths = inputValue(ctx, node, 4);
  const batch = x.axes[1];
  const sorted = isSorted(x);
  if (lengths === undefined) {
    if (sorted)
      throw refuse(node, 'X is sorted by pack_padded_sequence but the node reads no sequence_lens');
    return false;
  }
  if (lengths.kind !== 'lengths') {
    throw refuse(
      node,
      `sequence_lens must be the lengths graph input (pack_padded_sequence), found ${lengths.kind === 'const' ? 'a constant' : `a ${lengths.kind} value`}`,
    );
  }
  if (lengths.sorted !== sorted) {
    throw refuse(
      node,
      lengths.sorted
        ? 'sequence_lens are sorted but X is not in the sorted batch order'
        : 'X is sorted but sequence_lens are not',
    );
  }
  if (!sameDim(ctx, lengths.batch, batch.tag as SymbolicDim))
    throw refuse(node, "sequence_lens' dimension is not X's batch axis");
  return true;
}

export function liftRecurrentNode(node: OnnxNode, ctx: LiftContext): LiftValue[] {
  const type = TYPES[node.opType];
  onlyAttributes(node, [
    'hidden_size',
    'direction',
    'activations',
    'layout',
    'linear_before_reset',
    'input_forget',
    'clip',
    'activation_alpha',
    'activation_beta',
  ]);
  for (const unsupported of ['clip', 'activation_alpha', 'activation_beta']) {
    if (node.attribute.some((a) => a.name === unsupported))
      throw refuse(node, `attribute ${unsupported} is not supported`);
  }
  if ((intAttribute(node, 'layout', 0) ?? 0) !== 0)
    throw refuse(node, 'layout=1 (batch-major RNN) is not what PyTorch writes');
  if ((intAttribute(node, 'input_forget', 0) ?? 0) !== 0)
    throw refuse(node, 'input_forget=1 (coupled gates) is not supported');
  const x = inputData(ctx, node);
  const packed = packedLengths(ctx, node, x);
  const inputSize = (x.axes[2] as { size: number }).size;
  const directionName = stringAttribute(node, 'direction') ?? 'forward';
  if (!['forward', 'reverse', 'bidirectional'].includes(directionName))
    throw refuse(node, `direction '${directionName}'`);
  const direction = directionName as Direction;
  const directions = direction === 'bidirectional' ? 2 : 1;

  const w = constInput(ctx, node, 1, 'W');
  const r = constInput(ctx, node, 2, 'R');
  if (w === undefined || r === undefined) throw refuse(node, 'W and R are required');
  const gates = GATES[type];
  const units = intAttribute(node, 'hidden_size') ?? r.dims[2];
  expectDims(node, w, [directions, gates * units, inputSize], 'W');
  expectDims(node, r, [directions, gates * units, units], 'R');
  const b = constInput(ctx, node, 3, 'B');
  if (b) expectDims(node, b, [directions, 2 * gates * units], 'B');
  const p = type === 'lstm' ? constInput(ctx, node, 7, 'P') : undefined;
  if (p) expectDims(node, p, [directions, 3 * units], 'P');

  const perDirection = activations(node, type, directions);
  const name = recurrentLayerName(ctx, node, type);
  if (type === 'lstm' && perDirection.some((list) => list[1] !== list[2]))
    throw refuse(node, 'LSTM cell and output activations differ');
  const [acts, backwardActs] = perDirection;
  // Plain names only on this path, so comparing strings is comparing activations.
  const backward = backwardActs?.some((a, i) => a !== acts[i])
    ? type === 'simpleRnn'
      ? { activation: backwardActs[0] }
      : { activation: backwardActs[1], recurrentActivation: backwardActs[0] }
    : undefined;
  // Defaults written out: PyTorch's differ from Keras 2's (sigmoid gates, two biases).
  const common = {
    name,
    units,
    direction,
    returnSequences: true,
    useBias: b !== undefined,
    recurrentBias: b !== undefined,
    // ONNX Y is zero past sequence_lens (ORT), as pad_packed_sequence pads.
    ...(packed ? { paddedOutputs: 'zero' as const } : {}),
    ...(backward ? { backward } : {}),
  };
  const layer: RecurrentLayer =
    type === 'simpleRnn'
      ? { type, ...common, activation: acts[0] }
      : type === 'lstm'
        ? {
            type,
            ...common,
            activation: acts[1],
            recurrentActivation: acts[0],
            peepholes: p !== undefined,
          }
        : {
            type,
            ...common,
            activation: acts[1],
            recurrentActivation: acts[0],
            resetAfter: intAttribute(node, 'linear_before_reset', 0) === 1,
          };

  const prefixes = directions === 2 ? [`${name}/forward/`, `${name}/backward/`] : [`${name}/`];
  prefixes.forEach((prefix, d) => {
    ctx.weights.set(`${prefix}kernel`, canonicalKernel(type, w.values, w.dims, d, units));
    ctx.weights.set(`${prefix}recurrentKernel`, canonicalKernel(type, r.values, r.dims, d, units));
    if (b) {
      const { bias, recurrentBias } = canonicalBiases(type, b.values, d, units);
      ctx.weights.set(`${prefix}bias`, bias);
      ctx.weights.set(`${prefix}recurrentBias`, recurrentBias);
    }
    if (p) ctx.weights.set(`${prefix}peephole`, canonicalPeephole(p.values, d, units));
  });

  ctx.recurrent.set(name, {
    layer: name,
    node: node.name,
    type,
    directions,
    units,
    initialH: initialState(node, inputValue(ctx, node, 5), directions, 'initial_h'),
    initialC:
      type === 'lstm'
        ? initialState(node, inputValue(ctx, node, 6), directions, 'initial_c')
        : undefined,
    packed,
  });

  const layers = [...x.layers, layer];
  const y: DataValue = {
    kind: 'data',
    axes: [
      x.axes[0],
      { tag: 'direction', size: directions },
      x.axes[1],
      { tag: 'feature', size: units },
    ],
    layers,
  };
  const entry = { layer: name, directions, units, layers, sorted: isSorted(x) };
  const outputs: LiftValue[] = [y, { kind: 'finalState', state: 'h', entries: [entry] }];
  if (type === 'lstm') outputs.push({ kind: 'finalState', state: 'c', entries: [entry] });
  return outputs;
}
