/**
 * `prepareRunInputs`: every check a run's inputs need, done once for every backend, before any
 * native runtime sees them or anything is allocated from their sizes (DESIGN.md "Errors").
 *
 * Input names: the spec's data input (`spec.input.name`), its `sequenceLengths` input, and its
 * `stateInputs` tensors. A model's single data input is also accepted under any other name (the
 * tensor-JSON rule for single-input models); lengths and state tensors must always be named.
 */

import type { RunOptions } from '../backend.js';
import { RnnkitError } from '../errors.js';
import { inputMaskValue } from '../spec/input-mask.js';
import { type ResolvedRecurrentLayer, recurrentLayers } from '../spec/resolve.js';
import type { EmbeddingLayer, ModelSpec } from '../spec/types.js';
import type { NamedTensors, Tensor } from '../tensor.js';
import { checkTensor, inputError } from './check-tensor.js';
import { combineMasks, maskValueMask } from './mask-value.js';
import { prepareInitialState } from './prepare-state.js';
import type { PreparedRun } from './prepared-run.js';
import { stepIndexProblem } from './step-index.js';

export function prepareRunInputs(
  spec: ModelSpec,
  inputs: NamedTensors,
  options: RunOptions = {},
): PreparedRun {
  if (typeof inputs !== 'object' || inputs === null) {
    throw new RnnkitError('INVALID_INPUT', 'run inputs must be an object of named tensors', {
      path: spec.input.name,
    });
  }
  const dataName = spec.input.name;
  const lengthsName = spec.sequenceLengths?.name;
  const stateNames = new Set((spec.stateInputs ?? []).map((s) => s.name));
  const isKnown = (name: string) =>
    name === dataName || name === lengthsName || stateNames.has(name);

  const given = Object.keys(inputs);
  let dataKey = dataName;
  if (!Object.hasOwn(inputs, dataName)) {
    const unnamed = given.filter((name) => !isKnown(name));
    if (unnamed.length !== 1) {
      throw inputError(
        dataName,
        `missing (inputs given: ${given.length ? given.join(', ') : 'none'})`,
      );
    }
    dataKey = unnamed[0];
  }
  for (const name of given) {
    if (name !== dataKey && !isKnown(name)) {
      throw inputError(
        name,
        `is not an input of this model (inputs: ${[...new Set([dataName, ...(lengthsName ? [lengthsName] : []), ...stateNames])].join(', ')})`,
      );
    }
  }

  const data = inputs[dataKey];
  const prepared =
    spec.input.type === 'tokens'
      ? prepareTokens(spec, data, dataKey)
      : prepareFeatures(spec.input.size, data, dataKey);
  const { batch, time } = prepared;
  if (spec.input.timeSteps !== undefined && time !== spec.input.timeSteps) {
    throw inputError(
      dataKey,
      `this model takes exactly ${spec.input.timeSteps} time steps, got ${time}`,
    );
  }
  const stepProblem = stepIndexProblem(spec, time);
  if (stepProblem !== undefined) throw inputError(dataKey, stepProblem);

  const lengths =
    lengthsName !== undefined && inputs[lengthsName] !== undefined
      ? prepareLengths(inputs[lengthsName], lengthsName, batch, time)
      : undefined;
  const maskZero =
    spec.layers[0]?.type === 'embedding' && (spec.layers[0] as EmbeddingLayer).maskZero === true;
  const mask = buildMask(batch, time, lengths, maskZero ? prepared.tokens : undefined);
  const maskValue = inputMaskValue(spec);
  const maskedFeatures =
    maskValue !== undefined && prepared.features
      ? maskValueMask(
          prepared.features,
          batch,
          time,
          spec.input.type === 'features' ? spec.input.size : 0,
          maskValue,
        )
      : undefined;
  const combined = combineMasks(mask, maskedFeatures);

  const layers: ResolvedRecurrentLayer[] = recurrentLayers(spec);
  const { initialState, initialState64 } = prepareInitialState(
    spec,
    layers,
    inputs,
    options,
    batch,
  );

  const result: PreparedRun = { batch, time, initialState, initialState64 };
  if (prepared.tokens) result.tokens = prepared.tokens;
  if (prepared.features) result.features = prepared.features;
  if (prepared.features64) result.features64 = prepared.features64;
  if (lengths) result.lengths = lengths;
  if (combined) result.mask = combined;
  return result;
}

interface PreparedData {
  batch: number;
  time: number;
  tokens?: Int32Array;
  features?: Float32Array;
  features64?: Float64Array;
}

function checkBatchAndTime(name: string, shape: readonly number[]): void {
  if (shape[0] < 1)
    throw inputError(name, `batch must be at least 1, got shape [${shape.join(', ')}]`);
  if (shape[1] < 1)
    throw inputError(name, `needs at least 1 time step, got shape [${shape.join(', ')}]`);
}

function prepareTokens(spec: ModelSpec, tensor: Tensor, name: string): PreparedData {
  const shape = checkTensor(tensor, name, ['int32', 'int64'], 2);
  checkBatchAndTime(name, shape);
  const embedding = spec.layers[0];
  if (embedding?.type !== 'embedding') {
    throw new RnnkitError('INVALID_SPEC', 'a token input needs an embedding as the first layer', {
      path: '$.layers[0]',
    });
  }
  const vocabulary = embedding.inputDim;
  const tokens = new Int32Array(tensor.data.length);
  for (let i = 0; i < tokens.length; i++) {
    // Number() of a bigint outside the safe range is still outside [0, vocabulary), so the check holds.
    const id = Number(tensor.data[i]);
    if (!Number.isInteger(id) || id < 0 || id >= vocabulary) {
      const b = Math.floor(i / shape[1]);
      throw inputError(
        name,
        `token id ${String(tensor.data[i])} at [${b}, ${i % shape[1]}] is outside the vocabulary [0, ${vocabulary})`,
      );
    }
    tokens[i] = id;
  }
  return { batch: shape[0], time: shape[1], tokens };
}

function prepareFeatures(size: number, tensor: Tensor, name: string): PreparedData {
  const shape = checkTensor(tensor, name, ['float32', 'float64'], 3);
  checkBatchAndTime(name, shape);
  if (shape[2] !== size) {
    throw inputError(name, `feature size must be ${size}, got shape [${shape.join(', ')}]`);
  }
  if (tensor.dtype === 'float64') {
    const features64 = tensor.data as Float64Array;
    return { batch: shape[0], time: shape[1], features: Float32Array.from(features64), features64 };
  }
  return { batch: shape[0], time: shape[1], features: tensor.data as Float32Array };
}

function prepareLengths(tensor: Tensor, name: string, batch: number, time: number): Int32Array {
  const shape = checkTensor(tensor, name, ['int32', 'int64'], 1);
  if (shape[0] !== batch)
    throw inputError(name, `must have shape [${batch}] (the batch), got [${shape.join(', ')}]`);
  const lengths = new Int32Array(batch);
  for (let b = 0; b < batch; b++) {
    const length = Number(tensor.data[b]);
    if (!Number.isInteger(length) || length < 1 || length > time) {
      throw inputError(
        name,
        `length ${String(tensor.data[b])} of example ${b} is outside [1, ${time}]`,
      );
    }
    lengths[b] = length;
  }
  return lengths;
}

/** The mask, or undefined when every step is real (so backends can skip masking). */
function buildMask(
  batch: number,
  time: number,
  lengths: Int32Array | undefined,
  maskedTokens: Int32Array | undefined,
): Uint8Array | undefined {
  if (!lengths && !maskedTokens) return undefined;
  const mask = new Uint8Array(batch * time);
  let padded = false;
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < time; t++) {
      const pastLength = lengths !== undefined && t >= lengths[b];
      const paddingToken = maskedTokens !== undefined && maskedTokens[b * time + t] === 0;
      const real = !pastLength && !paddingToken;
      mask[b * time + t] = real ? 1 : 0;
      if (!real) padded = true;
    }
  }
  return padded ? mask : undefined;
}
