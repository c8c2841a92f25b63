/**
 * Module description from the state dict's names and shapes alone.
 *
 * Inferred (the names and shapes say it): which prefixes are recurrent modules and their kind
 * (weight_hh_l0 is [gates*hidden, hidden]: 1 gate nn.RNN, 3 nn.GRU, 4 nn.LSTM), layer count
 * (`_l<k>`), direction (`_reverse`), biases, Linear and Embedding sizes, the input type (an
 * Embedding means token ids), and the module order, found by chaining sizes:
 * [Embedding] -> recurrent modules -> Linear modules. safetensors files keep no order of their
 * own (writers sort names), so sizes are the only witness.
 *
 * Not inferable, reported as ambiguities for the caller to settle in a description:
 * - nn.RNN's nonlinearity (tanh or relu): a constructor argument with no parameter;
 * - which output of the last recurrent module a following Linear reads (`out`, `out[:, -1, :]`
 *   or `h_n`): that is `forward()` code;
 * - the activation between two Linear modules (also `forward()` code);
 * - the order, when sizes allow several (e.g. two recurrent modules of equal sizes);
 * - whether a 2-D weight without a bias is an Embedding or a bias-free Linear, when both fit.
 * Activations after the last Linear are not asked for: the default is none (the Linear's own
 * output), and a description adds one (`activation: 'sigmoid'`).
 */
import { RnnkitError } from '@rnnkit/core';
import { shapeText, torchUnsupported, weightsError } from './errors.js';
import type { ModuleDescription, RecurrentKind, TorchModule } from './module-description.js';
import { describePrefix, joinName, parseTorchName, recurrentName } from './torch-names.js';

export interface Ambiguity {
  /** Where the answer goes in the description (`modules[0].nonlinearity`, `modules`). */
  path: string;
  /** What the state dict cannot tell. */
  question: string;
  /** The values that would be valid there. */
  choices: string[];
}

export interface InferredDescription {
  /** Everything the names and shapes tell; ambiguous fields are left out. */
  description: ModuleDescription;
  /** Empty when the description can be used as it is. */
  ambiguities: Ambiguity[];
}

/** Only shapes are needed; `decodeSafetensors(bytes).tensors` fits. */
export type ShapedTensors = ReadonlyMap<string, { readonly shape: readonly number[] }>;

interface Node {
  prefix: string;
  kind: RecurrentKind | 'linear' | 'either';
  in: number;
  out: number;
  numLayers?: number;
  bidirectional?: boolean;
  bias?: boolean;
}

/** More modules than this are not ordered by search; pass a description. */
const MAX_MODULES = 12;
const MAX_SEARCH_STEPS = 20_000;
const KIND_BY_GATES: Record<number, RecurrentKind> = { 1: 'rnn', 3: 'gru', 4: 'lstm' };

export function inferModuleDescription(tensors: ShapedTensors): InferredDescription {
  const recurrentPrefixes = new Set<string>();
  const plainPrefixes = new Set<string>();
  for (const name of tensors.keys()) {
    const parsed = parseTorchName(name);
    if (!parsed) {
      throw weightsError(
        name,
        'not a parameter of nn.Embedding, nn.Linear, nn.RNN, nn.LSTM or nn.GRU (the modules rnnkit maps)',
      );
    }
    (parsed.group === 'recurrent' ? recurrentPrefixes : plainPrefixes).add(parsed.prefix);
  }
  for (const prefix of recurrentPrefixes) {
    if (plainPrefixes.has(prefix)) {
      throw weightsError(
        joinName(prefix, 'weight'),
        `${describePrefix(prefix)} has both recurrent and Linear/Embedding parameters`,
      );
    }
  }
  if (recurrentPrefixes.size === 0) {
    throw new RnnkitError(
      'MODEL_FORMAT',
      'state dict has no nn.RNN, nn.LSTM or nn.GRU parameters (weight_ih_l0, ...); rnnkit models need one',
      {},
    );
  }
  const nodes = [
    ...[...recurrentPrefixes].map((prefix) => recurrentNode(tensors, prefix)),
    ...[...plainPrefixes].map((prefix) => plainNode(tensors, prefix)),
  ];
  const ambiguities: Ambiguity[] = [];
  const orders = nodes.length > MAX_MODULES ? [] : findOrders(nodes);
  if (nodes.length > MAX_MODULES || orders === 'too many') {
    throw new RnnkitError(
      'MODEL_FORMAT',
      `state dict has ${nodes.length} modules (${nodes.map((n) => `'${n.prefix}'`).join(', ')}); too many to order by size: pass { modules: [...] } listing them in forward() order`,
      { path: 'modules' },
    );
  }
  if (orders.length === 0) {
    throw new RnnkitError(
      'MODEL_FORMAT',
      `cannot order the modules by size as [Embedding] -> recurrent -> Linear: ${nodes
        .map((n) => `'${n.prefix}' ${n.kind} ${n.in}->${n.out}`)
        .join(', ')}; pass { modules: [...] } in forward() order`,
      { path: 'modules' },
    );
  }
  if (orders.length > 1) {
    ambiguities.push({
      path: 'modules',
      question: `the sizes allow more than one module order (e.g. ${orders.map((o) => o.map((n) => `'${n.node.prefix}'`).join(' -> ')).join(' or ')})`,
      choices: ['the modules in forward() order'],
    });
  }
  const order = orders[0];
  const modules: TorchModule[] = order.map(({ node, as }) => {
    if (as === 'embedding') return { kind: 'embedding', prefix: node.prefix };
    if (as === 'linear') return { kind: 'linear', prefix: node.prefix, bias: node.bias as boolean };
    return {
      kind: as,
      prefix: node.prefix,
      numLayers: node.numLayers,
      bidirectional: node.bidirectional,
      bias: node.bias,
    };
  });
  modules.forEach((module, index) => {
    const next = modules[index + 1];
    const path = `modules[${index}]`;
    const where = describePrefix(module.kind === 'dropout' ? '' : module.prefix);
    if (module.kind === 'rnn') {
      ambiguities.push({
        path: `${path}.nonlinearity`,
        question: `nn.RNN ${where}: its nonlinearity is not stored in a state dict`,
        choices: ['tanh', 'relu'],
      });
    }
    if (module.kind === 'rnn' || module.kind === 'lstm' || module.kind === 'gru') {
      if (next?.kind === 'linear') {
        ambiguities.push({
          path: `${path}.output`,
          question: `which output of ${where} the Linear ${describePrefix((next as { prefix: string }).prefix)} reads is forward() code`,
          choices: module.bidirectional
            ? ['finalHidden', 'sequence']
            : ['lastStep', 'finalHidden', 'sequence'],
        });
      } else {
        module.output = 'sequence';
      }
    }
    if (module.kind === 'linear' && next?.kind === 'linear') {
      ambiguities.push({
        path: `${path}.activation`,
        question: `the activation between Linear ${where} and the next Linear is forward() code`,
        choices: ['linear', 'relu', 'tanh', 'sigmoid', '...'],
      });
    }
  });
  for (const node of nodes) {
    if (node.kind !== 'either') continue;
    const roles = new Set(orders.map((o) => o.find((entry) => entry.node === node)?.as));
    if (roles.size > 1) {
      ambiguities.push({
        path: 'modules',
        question: `'${joinName(node.prefix, 'weight')}' without a bias could be an nn.Embedding or a bias-free nn.Linear`,
        choices: ['embedding', 'linear'],
      });
    }
  }
  const description: ModuleDescription = {
    modules,
    input:
      order[0].as === 'embedding'
        ? { type: 'tokens' }
        : { type: 'features', size: order[0].node.in },
  };
  return { description, ambiguities };
}

function recurrentNode(tensors: ShapedTensors, prefix: string): Node {
  const projection = recurrentName(prefix, 'weight_hr', 0, false);
  if (tensors.has(projection)) {
    throw torchUnsupported(
      'LSTM proj_size',
      projection,
      `nn.LSTM ${describePrefix(prefix)} has projections (weight_hr); rnnkit's LSTM has none`,
    );
  }
  const hhKey = recurrentName(prefix, 'weight_hh', 0, false);
  const ihKey = recurrentName(prefix, 'weight_ih', 0, false);
  const hh = tensors.get(hhKey);
  if (!hh)
    throw weightsError(
      hhKey,
      `missing: ${describePrefix(prefix)} has recurrent parameters but no layer 0 weight_hh`,
    );
  const ih = tensors.get(ihKey);
  if (!ih)
    throw weightsError(
      ihKey,
      `missing: ${describePrefix(prefix)} has recurrent parameters but no layer 0 weight_ih`,
    );
  const [rows, hidden] = hh.shape;
  const gates = hh.shape.length === 2 && hidden > 0 && rows % hidden === 0 ? rows / hidden : 0;
  const kind = KIND_BY_GATES[gates];
  if (!kind) {
    throw weightsError(
      hhKey,
      `has shape ${shapeText(hh.shape)}; expected [hidden, hidden] (nn.RNN), [3*hidden, hidden] (nn.GRU) or [4*hidden, hidden] (nn.LSTM)`,
    );
  }
  if (ih.shape.length !== 2)
    throw weightsError(
      ihKey,
      `has shape ${shapeText(ih.shape)}; expected [${gates}*hidden, input]`,
    );
  let numLayers = 0;
  while (numLayers < 10_000 && tensors.has(recurrentName(prefix, 'weight_ih', numLayers, false)))
    numLayers++;
  const bidirectional = tensors.has(recurrentName(prefix, 'weight_ih', 0, true));
  return {
    prefix,
    kind,
    in: ih.shape[1],
    out: (bidirectional ? 2 : 1) * hidden,
    numLayers,
    bidirectional,
    bias: tensors.has(recurrentName(prefix, 'bias_ih', 0, false)),
  };
}

function plainNode(tensors: ShapedTensors, prefix: string): Node {
  const key = joinName(prefix, 'weight');
  const weight = tensors.get(key);
  if (!weight)
    throw weightsError(key, `missing: ${describePrefix(prefix)} has a bias but no weight`);
  if (weight.shape.length !== 2) {
    throw weightsError(
      key,
      `has shape ${shapeText(weight.shape)}; nn.Linear and nn.Embedding weights are 2-D`,
    );
  }
  const bias = tensors.has(joinName(prefix, 'bias'));
  const [rows, columns] = weight.shape;
  // A Linear [out, in] reads `in` and gives `out`; an Embedding [num, dim] gives `dim`.
  return { prefix, kind: bias ? 'linear' : 'either', in: columns, out: rows, bias };
}

interface Placed {
  node: Node;
  as: 'embedding' | 'linear' | RecurrentKind;
}

/** Up to two orders [embedding?, recurrent+, linear*] whose sizes chain; 'too many' if the search is cut off. */
function findOrders(nodes: Node[]): Placed[][] | 'too many' {
  const found: Placed[][] = [];
  let steps = 0;
  const recurrent = nodes.filter((n) => n.kind !== 'linear' && n.kind !== 'either');
  const plain = nodes.filter((n) => n.kind === 'linear' || n.kind === 'either');

  const extend = (order: Placed[], used: Set<Node>, features: number | undefined): void => {
    if (found.length >= 2 || ++steps > MAX_SEARCH_STEPS) return;
    if (used.size === nodes.length) {
      found.push([...order]);
      return;
    }
    const recurrentLeft = recurrent.some((n) => !used.has(n));
    const candidates = recurrentLeft ? recurrent : plain;
    for (const node of candidates) {
      if (used.has(node) || (features !== undefined && node.in !== features)) continue;
      used.add(node);
      order.push({ node, as: node.kind === 'either' ? 'linear' : (node.kind as Placed['as']) });
      extend(order, used, node.out);
      order.pop();
      used.delete(node);
    }
  };

  extend([], new Set(), undefined);
  for (const node of plain) {
    if (node.kind !== 'either') continue;
    // As an Embedding: first, and its dim feeds the first recurrent module.
    const used = new Set([node]);
    extend([{ node, as: 'embedding' }], used, node.in);
  }
  if (steps > MAX_SEARCH_STEPS) return 'too many';
  return found;
}
