/**
 * State shared by the recognisers while one graph is lifted, plus the helpers every recogniser
 * uses to read node inputs and attributes and to refuse what it does not understand.
 */
import { RnnkitError, type Weights } from '@rnnkit/core';
import { type OnnxAttribute, OnnxAttributeType, type OnnxNode } from '../../proto/types.js';
import type { InputAxis, LiftValue, SymbolicDim } from './values.js';

/** Where a recurrent layer's initial state comes from. */
export type InitialState =
  | { kind: 'zero' }
  | { kind: 'input'; input: string; start: number; end: number };

export interface RecurrentRecord {
  layer: string;
  node: string;
  type: 'simpleRnn' | 'lstm' | 'gru';
  directions: number;
  units: number;
  initialH: InitialState;
  initialC?: InitialState;
  /** The node read the lengths graph input as sequence_lens (pack_padded_sequence). */
  packed: boolean;
}

export interface LiftContext {
  values: Map<string, LiftValue>;
  weights: Weights;
  /** By spec layer name, in the order the RNN nodes were met. */
  recurrent: Map<string, RecurrentRecord>;
  /** Which input axis is time: fixed by the first RNN node's X layout. */
  timeAxis?: InputAxis;
  /** The default-domain opset, for attributes whose default changed (Softmax axis). */
  opset?: number;
  usedLayerNames: Set<string>;
  /**
   * PyTorch module path ('rnn', 'encoder.gru') -> how many RNN/LSTM/GRU nodes it exported (one per
   * layer of `num_layers`), and how many of them have been named so far.
   */
  recurrentModules: Map<string, { total: number; named: number }>;
  /** Sizes of the input's axes when the graph fixes them (an export without dynamic_axes). */
  inputSizes: Partial<Record<InputAxis, number>>;
  /** The int [batch] lengths graph input of pack_padded_sequence, when the graph has one. */
  lengthsInput?: string;
}

/** Whether two dimensions are equal, knowing the fixed sizes of the input axes. */
export function sameDim(ctx: LiftContext, a: SymbolicDim, b: SymbolicDim): boolean {
  const size = (d: SymbolicDim) => (typeof d === 'number' ? d : ctx.inputSizes[d]);
  return a === b || (size(a) !== undefined && size(a) === size(b));
}

export function refuse(node: OnnxNode, detail: string): RnnkitError {
  const label = `${node.opType} node '${node.name || node.output[0] || '?'}'`;
  return new RnnkitError(
    'UNSUPPORTED_FEATURE',
    `cannot import ${label} from this PyTorch-exported graph: ${detail}`,
    { path: node.name || node.output[0], feature: `ONNX ${node.opType}`, backend: 'onnx-import' },
  );
}

export function attribute(node: OnnxNode, name: string): OnnxAttribute | undefined {
  return node.attribute.find((a) => a.name === name);
}

export function intAttribute(node: OnnxNode, name: string, fallback?: number): number | undefined {
  const a = attribute(node, name);
  if (a === undefined) return fallback;
  if (a.type !== OnnxAttributeType.INT || a.i === undefined)
    throw refuse(node, `attribute ${name} is not an int`);
  return a.i;
}

export function intsAttribute(node: OnnxNode, name: string): number[] | undefined {
  const a = attribute(node, name);
  if (a === undefined) return undefined;
  if (a.type !== OnnxAttributeType.INTS)
    throw refuse(node, `attribute ${name} is not a list of ints`);
  return a.ints ?? [];
}

export function stringAttribute(node: OnnxNode, name: string): string | undefined {
  const a = attribute(node, name);
  if (a === undefined) return undefined;
  if (a.type !== OnnxAttributeType.STRING || a.s === undefined)
    throw refuse(node, `attribute ${name} is not a string`);
  return new TextDecoder().decode(a.s);
}

export function stringsAttribute(node: OnnxNode, name: string): string[] | undefined {
  const a = attribute(node, name);
  if (a === undefined) return undefined;
  if (a.type !== OnnxAttributeType.STRINGS)
    throw refuse(node, `attribute ${name} is not a list of strings`);
  return (a.strings ?? []).map((s) => new TextDecoder().decode(s));
}

/** Refuses any attribute outside `known`, so an unexpected option is never silently ignored. */
export function onlyAttributes(node: OnnxNode, known: readonly string[]): void {
  for (const a of node.attribute) {
    if (!known.includes(a.name)) throw refuse(node, `attribute '${a.name}' is not understood`);
  }
}

/** The value of input `index`, or undefined when the input is absent or ''. */
export function inputValue(ctx: LiftContext, node: OnnxNode, index: number): LiftValue | undefined {
  const name = node.input[index];
  if (name === undefined || name === '') return undefined;
  const value = ctx.values.get(name);
  if (value === undefined)
    throw refuse(
      node,
      `input '${name}' is produced by no node, initializer or graph input before it`,
    );
  return value;
}

/** Spec layer names allow [A-Za-z0-9_.-] and start with a letter or '_'. */
function sanitize(raw: string, fallback: string): string {
  const base = raw
    .replace(/^\/+/, '')
    .replace(/\//g, '.')
    .replace(/[^A-Za-z0-9_.-]/g, '_');
  if (!/^[A-Za-z_]/.test(base)) return base === '' ? fallback : `${fallback}_${base}`;
  return base;
}

function claim(ctx: LiftContext, base: string): string {
  let name = base;
  for (let n = 2; ctx.usedLayerNames.has(name); n++) name = `${base}_${n}`;
  ctx.usedLayerNames.add(name);
  return name;
}

/**
 * The PyTorch module path of a node ('/encoder/rnn/LSTM_1' -> 'encoder.rnn'), or undefined when
 * the name is not '/<module path>/<Op>[_<n>]' as TorchScript's exporter writes it.
 */
export function modulePath(node: OnnxNode): string | undefined {
  const match = new RegExp(`^/(.+)/${node.opType}(_\\d+)?$`).exec(node.name || '');
  return match ? match[1].replace(/\//g, '.') : undefined;
}

/** A spec layer name from an ONNX node name ('/rnn/LSTM_1' -> 'rnn.LSTM_1'), unique in the model. */
export function layerName(
  ctx: LiftContext,
  node: OnnxNode,
  fallback: string,
  moduleOnly = false,
): string {
  // PyTorch names nodes '/<module path>/<Op>_<n>'; for one-node modules the module path is the name.
  const raw = moduleOnly
    ? (node.name || '').replace(new RegExp(`/${node.opType}(_\\d+)?$`), '')
    : node.name || '';
  return claim(ctx, sanitize(raw, fallback));
}

/**
 * A recurrent layer's name: its PyTorch module's name ('gru'), with `_l0`, `_l1`, ... when the
 * module exported several layers (`num_layers`), the names `writeTorchStateDict` turns back into
 * `gru.weight_ih_l0` / one multi-layer module, so the original module loads them strictly.
 */
export function recurrentLayerName(ctx: LiftContext, node: OnnxNode, fallback: string): string {
  const path = modulePath(node);
  const module = path === undefined ? undefined : ctx.recurrentModules.get(path);
  if (path === undefined || module === undefined) return layerName(ctx, node, fallback);
  const index = module.named++;
  const base = sanitize(path, fallback);
  return claim(ctx, module.total > 1 ? `${base}_l${index}` : base);
}

/** Counts the recurrent nodes per module path, before any is named. */
export function countRecurrentModules(nodes: readonly OnnxNode[]): LiftContext['recurrentModules'] {
  const modules: LiftContext['recurrentModules'] = new Map();
  for (const node of nodes) {
    if (node.opType !== 'RNN' && node.opType !== 'LSTM' && node.opType !== 'GRU') continue;
    const path = modulePath(node);
    if (path === undefined) continue;
    const entry = modules.get(path) ?? { total: 0, named: 0 };
    entry.total++;
    modules.set(path, entry);
  }
  return modules;
}
