/**
 * The `activations` / `activation_alpha` / `activation_beta` attributes of an RNN/LSTM/GRU node,
 * as spec activations. Alphas and betas are read "packed" (one per activation that takes one, in
 * order), as onnxruntime reads them and rnnkit's exporter writes them; a list whose length does
 * not fit that reading is refused rather than guessed.
 */
import {
  type Activation,
  type BackwardActivations,
  RnnkitError,
  sameActivation,
} from '@rnnkit/core';
import { OPERATOR_ACTIVATION_PARAMETERS } from '../export/activations.js';
import { attributeFloats, attributeStrings, type OnnxNode } from '../proto/index.js';

const CANONICAL_NAMES = new Map(
  Object.keys(OPERATOR_ACTIVATION_PARAMETERS).map((n) => [n.toLowerCase(), n]),
);

/** ONNX operator defaults for parameters a model may leave out (Affine/ScaledTanh have none). */
const DEFAULT_ALPHA: Record<string, number> = {
  LeakyRelu: 0.01,
  ThresholdedRelu: 1,
  HardSigmoid: 0.2,
  Elu: 1,
};
const DEFAULT_BETA: Record<string, number> = { HardSigmoid: 0.5 };

const DEFAULTS = {
  RNN: ['Tanh'],
  GRU: ['Sigmoid', 'Tanh'],
  LSTM: ['Sigmoid', 'Tanh', 'Tanh'],
} as const;

function refuse(node: OnnxNode, detail: string, feature: string): RnnkitError {
  return new RnnkitError('UNSUPPORTED_FEATURE', `node '${node.name}' (${node.opType}): ${detail}`, {
    feature,
    backend: 'onnx-import',
    path: node.name,
  });
}

function toSpec(
  node: OnnxNode,
  name: string,
  alpha: number | undefined,
  beta: number | undefined,
): Activation {
  switch (name) {
    case 'Tanh':
      return 'tanh';
    case 'Sigmoid':
      return 'sigmoid';
    case 'Relu':
      return 'relu';
    case 'Softsign':
      return 'softsign';
    case 'Softplus':
      return 'softplus';
    case 'HardSigmoid':
      return { name: 'hardSigmoid', alpha: alpha!, beta: beta! };
    case 'LeakyRelu':
      return { name: 'leakyRelu', alpha: alpha! };
    case 'ThresholdedRelu':
      return { name: 'thresholdedRelu', alpha: alpha! };
    case 'Elu':
      return { name: 'elu', alpha: alpha! };
    case 'Affine':
      return alpha === 1 && beta === 0 ? 'linear' : { name: 'affine', alpha: alpha!, beta: beta! };
    case 'ScaledTanh':
      return { name: 'scaledTanh', alpha: alpha!, beta: beta! };
    default:
      throw refuse(node, `unknown activation '${name}'`, `recurrent activation ${name}`);
  }
}

/**
 * Activations of each direction: [f] (RNN), [f, g] (GRU), [f, g, h] (LSTM), one list per direction.
 * The attribute holds the directions' lists one after the other, [forward..., backward...] (ONNX
 * operator docs; onnxruntime's kernels read them so); a bidirectional node whose directions differ
 * becomes the spec's `backward` activations (see `splitDirections`).
 */
export function readOperatorActivations(node: OnnxNode, directions: number): Activation[][] {
  const kind = node.opType as keyof typeof DEFAULTS;
  const count = DEFAULTS[kind].length;
  let names = attributeStrings(node, 'activations');
  if (names === undefined)
    names = Array.from({ length: directions }, () => [...DEFAULTS[kind]]).flat();
  if (names.length === count && directions === 2) names = [...names, ...names];
  if (names.length !== count * directions) {
    throw refuse(
      node,
      `'activations' has ${names.length} entries, expected ${count * directions}`,
      'activations list length',
    );
  }
  const alphas = attributeFloats(node, 'activation_alpha') ?? [];
  const betas = attributeFloats(node, 'activation_beta') ?? [];
  let nextAlpha = 0;
  let nextBeta = 0;
  const activations = names.map((raw) => {
    const name = CANONICAL_NAMES.get(raw.toLowerCase());
    if (!name) throw refuse(node, `unknown activation '${raw}'`, `recurrent activation ${raw}`);
    const uses = OPERATOR_ACTIVATION_PARAMETERS[name];
    let alpha: number | undefined;
    let beta: number | undefined;
    if (uses.alpha) alpha = nextAlpha < alphas.length ? alphas[nextAlpha++] : DEFAULT_ALPHA[name];
    if (uses.beta) beta = nextBeta < betas.length ? betas[nextBeta++] : DEFAULT_BETA[name];
    if ((uses.alpha && alpha === undefined) || (uses.beta && beta === undefined)) {
      throw refuse(
        node,
        `activation '${name}' needs activation_alpha/activation_beta values, which are missing`,
        `${name} without parameters`,
      );
    }
    return toSpec(node, name, alpha, beta);
  });
  if (nextAlpha !== alphas.length || nextBeta !== betas.length) {
    throw refuse(
      node,
      `activation_alpha/activation_beta hold ${alphas.length}/${betas.length} values but the activations take ${nextAlpha}/${nextBeta}; rnnkit reads them packed (one per activation that takes one) and will not guess another reading`,
      'activation_alpha/activation_beta layout',
    );
  }
  return Array.from({ length: directions }, (_, d) =>
    activations.slice(d * count, (d + 1) * count),
  );
}

/** Same function and parameters (operator lists compare entry by entry). */
function same(a: Activation[], b: Activation[]): boolean {
  return a.length === b.length && a.every((x, i) => sameActivation(x, b[i]));
}

/**
 * The spec's view of per-direction operator activations: the forward list, and the backward list
 * only when it differs (the spec's `backward` field is then written; otherwise the model is what
 * it was before the field existed).
 */
export function splitDirections(perDirection: Activation[][]): {
  forward: Activation[];
  backward?: Activation[];
} {
  const [forward, backward] = perDirection;
  return backward === undefined || same(forward, backward) ? { forward } : { forward, backward };
}

/** A direction's operator list [f] / [f, g] / [f, g, h] as the spec's `backward` field. */
export function backwardActivations(
  kind: 'RNN' | 'GRU' | 'LSTM',
  list: Activation[],
): BackwardActivations {
  return kind === 'RNN'
    ? { activation: list[0] }
    : { activation: list[1], recurrentActivation: list[0] };
}
