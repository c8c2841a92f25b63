/**
 * Keras weights -> canonical rnnkit weights, matched by layer and by each tensor's role
 * (kernel, recurrent_kernel, bias, embeddings; Keras 1's per-gate W_i/U_i/b_i), never by exact
 * cell name or by position in a manifest: converters name cells differently
 * (`simple_rnn/simple_rnn_cell_3/kernel`, `bidirectional/forward_lstm/lstm_cell_1/kernel`).
 */
import { expectedWeights, type ModelSpec, type Weights, type WeightTensor } from '@rnnkit/core';
import type { WeightPlan } from '../config/chain-to-spec.js';
import { invalidWeights } from '../errors.js';

/** One stored tensor of a Keras layer, under the name its file gives it. */
export interface KerasWeight {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** Weights of one Keras layer by its name, in the order the file lists them. */
export type KerasWeightSource = (kerasLayerName: string) => KerasWeight[] | undefined;

type Role = 'kernel' | 'recurrentKernel' | 'bias' | 'embeddings';

interface Classified {
  role: Role;
  /** Keras 1 per-gate arrays: the gate letter (i, f, c, o / z, r, h). */
  gate?: string;
  weight: KerasWeight;
}

const GATES = { simpleRnn: [''], lstm: ['i', 'f', 'c', 'o'], gru: ['z', 'r', 'h'] } as const;

function lastSegment(name: string): string {
  const parts = name.replace(/:\d+$/, '').split('/');
  return parts[parts.length - 1];
}

function classify(weight: KerasWeight): Classified | undefined {
  const last = lastSegment(weight.name);
  if (last === 'kernel') return { role: 'kernel', weight };
  if (last === 'recurrent_kernel') return { role: 'recurrentKernel', weight };
  if (last === 'bias') return { role: 'bias', weight };
  if (last === 'embeddings') return { role: 'embeddings', weight };
  // Keras 1: <layer>_W, <layer>_U, <layer>_b, with a gate suffix on LSTM/GRU (lstm_1_W_i).
  const keras1 = /(?:^|_)(W|U|b)(?:_([a-z]))?$/.exec(last);
  if (keras1) {
    const role: Role =
      keras1[1] === 'W' ? 'kernel' : keras1[1] === 'U' ? 'recurrentKernel' : 'bias';
    return { role, gate: keras1[2], weight };
  }
  return undefined;
}

function directionOf(name: string): 'forward' | 'backward' | undefined {
  for (const part of name.replace(/:\d+$/, '').split('/')) {
    if (part.startsWith('forward')) return 'forward';
    if (part.startsWith('backward')) return 'backward';
  }
  return undefined;
}

function tensor(weight: KerasWeight): WeightTensor {
  return { shape: [...weight.shape], data: weight.data };
}

/** Joins per-gate matrices [rows, units] along the last axis in the canonical gate order. */
function concatGates(parts: KerasWeight[], path: string): WeightTensor {
  const rows = parts[0].shape.length === 1 ? 1 : parts[0].shape[0];
  const units = parts[0].shape[parts[0].shape.length - 1];
  for (const part of parts) {
    const partRows = part.shape.length === 1 ? 1 : part.shape[0];
    if (
      partRows !== rows ||
      part.shape[part.shape.length - 1] !== units ||
      part.data.length !== rows * units
    ) {
      throw invalidWeights(
        `Keras 1 gate tensors of ${path} disagree in shape (${part.name}: [${part.shape}])`,
        path,
      );
    }
  }
  const width = units * parts.length;
  const data = new Float32Array(rows * width);
  parts.forEach((part, gate) => {
    for (let row = 0; row < rows; row++) {
      data.set(part.data.subarray(row * units, (row + 1) * units), row * width + gate * units);
    }
  });
  return { shape: parts[0].shape.length === 1 ? [width] : [rows, width], data };
}

function byRole(
  items: Classified[],
  role: Role,
  path: string,
  gates: readonly string[],
): WeightTensor | undefined {
  const matching = items.filter((item) => item.role === role);
  if (matching.length === 0) return undefined;
  if (matching.length === 1 && matching[0].gate === undefined) return tensor(matching[0].weight);
  // Keras 1 stores one tensor per gate; they must all be present.
  const ordered = gates.map((gate) => {
    const found = matching.find((item) => item.gate === gate);
    if (!found)
      throw invalidWeights(`${path}: Keras 1 ${role} for gate '${gate}' is missing`, path);
    return found.weight;
  });
  if (ordered.length !== matching.length) {
    throw invalidWeights(
      `${path}: found ${matching.length} ${role} tensors for ${gates.length} gates`,
      path,
    );
  }
  return concatGates(ordered, path);
}

function classifyAll(weights: KerasWeight[], layerName: string): Classified[] {
  return weights.map((weight) => {
    const classified = classify(weight);
    if (!classified)
      throw invalidWeights(
        `Keras layer '${layerName}' holds a weight '${weight.name}' of unknown role`,
        weight.name,
      );
    return classified;
  });
}

function recurrentSet(
  items: Classified[],
  plan: Extract<WeightPlan, { kind: 'recurrent' }>,
  prefix: string,
  out: Weights,
): void {
  const gates: readonly string[] = GATES[plan.type as keyof typeof GATES];
  const kernel = byRole(items, 'kernel', `${prefix}kernel`, gates);
  const recurrentKernel = byRole(items, 'recurrentKernel', `${prefix}recurrentKernel`, gates);
  const bias = byRole(items, 'bias', `${prefix}bias`, gates);
  if (kernel) out.set(`${prefix}kernel`, kernel);
  if (recurrentKernel) out.set(`${prefix}recurrentKernel`, recurrentKernel);
  if (!bias) return;
  const width = gates.length * plan.units;
  if (plan.resetAfter) {
    // reset_after GRUs keep [input bias; recurrent bias] as one [2, 3*units] tensor.
    if (bias.data.length !== 2 * width) {
      throw invalidWeights(
        `${prefix}bias: a reset_after GRU needs a [2, ${width}] bias, the file has [${bias.shape}]`,
        `${prefix}bias`,
      );
    }
    out.set(`${prefix}bias`, { shape: [width], data: bias.data.slice(0, width) });
    out.set(`${prefix}recurrentBias`, { shape: [width], data: bias.data.slice(width) });
  } else {
    if (bias.shape.length !== 1) {
      throw invalidWeights(
        `${prefix}bias has shape [${bias.shape}]; expected [${width}] (a [2, ${width}] bias means reset_after=True)`,
        `${prefix}bias`,
      );
    }
    out.set(`${prefix}bias`, bias);
  }
}

export function assembleWeights(
  spec: ModelSpec,
  plan: WeightPlan[],
  source: KerasWeightSource,
): Weights {
  const out: Weights = new Map();
  for (const entry of plan) {
    const stored = source(entry.kerasName);
    if (stored === undefined || stored.length === 0) {
      throw invalidWeights(
        `no weights stored for Keras layer '${entry.kerasName}'`,
        entry.kerasName,
      );
    }
    if (entry.kind === 'embedding') {
      if (stored.length !== 1)
        throw invalidWeights(
          `Embedding '${entry.kerasName}' should hold one tensor, holds ${stored.length}`,
          entry.kerasName,
        );
      out.set(`${entry.specName}/embeddings`, tensor(stored[0]));
      continue;
    }
    if (entry.kind === 'dense') {
      const items = classifyAll(stored, entry.kerasName);
      const kernel = byRole(items, 'kernel', `${entry.specName}/kernel`, ['']);
      const bias = byRole(items, 'bias', `${entry.specName}/bias`, ['']);
      if (kernel) out.set(`${entry.specName}/kernel`, kernel);
      if (bias) out.set(`${entry.specName}/bias`, bias);
      if (items.length !== (kernel ? 1 : 0) + (bias ? 1 : 0)) {
        throw invalidWeights(
          `Dense '${entry.kerasName}' holds unexpected tensors: ${stored.map((w) => w.name).join(', ')}`,
          entry.kerasName,
        );
      }
      continue;
    }
    const items = classifyAll(stored, entry.kerasName);
    if (!entry.bidirectional) {
      recurrentSet(items, entry, `${entry.specName}/`, out);
      continue;
    }
    let forward = items.filter((item) => directionOf(item.weight.name) === 'forward');
    let backward = items.filter((item) => directionOf(item.weight.name) === 'backward');
    if (forward.length + backward.length !== items.length) {
      // Unnamed halves: Keras lists the forward layer's weights first.
      if (forward.length + backward.length !== 0 || items.length % 2 !== 0) {
        throw invalidWeights(
          `Bidirectional '${entry.kerasName}': cannot tell forward from backward weights`,
          entry.kerasName,
        );
      }
      forward = items.slice(0, items.length / 2);
      backward = items.slice(items.length / 2);
    }
    recurrentSet(forward, entry, `${entry.specName}/forward/`, out);
    recurrentSet(backward, entry, `${entry.specName}/backward/`, out);
  }
  checkAgainstSpec(spec, out);
  return out;
}

/** Every tensor the spec needs is present with its shape, and nothing else is. */
function checkAgainstSpec(spec: ModelSpec, weights: Weights): void {
  const expected = expectedWeights(spec);
  for (const { name, shape } of expected) {
    const found = weights.get(name);
    if (!found) throw invalidWeights(`weight '${name}' is missing from the Keras file`, name);
    const size = shape.reduce((a, b) => a * b, 1);
    const sameShape =
      found.shape.length === shape.length && found.shape.every((dim, i) => dim === shape[i]);
    if (!sameShape || found.data.length !== size) {
      throw invalidWeights(
        `weight '${name}' has shape [${found.shape}], the config implies [${shape}]`,
        name,
      );
    }
  }
  const names = new Set(expected.map((item) => item.name));
  for (const name of weights.keys()) {
    if (!names.has(name))
      throw invalidWeights(`the Keras file holds '${name}', which the config does not use`, name);
  }
}
