/**
 * Checkpoints as JSON text, so a run can be resumed in another process. Every number is written
 * as a JSON number (JavaScript prints the shortest text that reads back to the same double), so
 * float64 weights and optimizer slots round-trip exactly and the resumed trajectory is the same.
 */
import { RnnkitError } from '../../errors.js';
import type { Tensor } from '../../tensor.js';
import { validateSpec } from '../../validate/index.js';
import type { Model, Weights } from '../../weights/canonical.js';
import type { OptimizerState, WeightValues } from '../types.js';
import type { TrainingCheckpoint } from './fit-types.js';

const FORMAT_VERSION = 1;

const finiteOrText = (value: number) => (Number.isFinite(value) ? value : String(value));

function modelJson(model: Model) {
  const weights: Record<string, { shape: number[]; data: number[] }> = {};
  for (const [name, tensor] of model.weights)
    weights[name] = { shape: [...tensor.shape], data: Array.from(tensor.data) };
  return { spec: model.spec, weights };
}

export function serializeCheckpoint(checkpoint: TrainingCheckpoint): string {
  const slots: Record<
    string,
    Record<string, { dtype: string; shape: number[]; data: number[] }>
  > = {};
  for (const [name, entry] of Object.entries(checkpoint.optimizerState.slots)) {
    slots[name] = {};
    for (const [key, tensor] of Object.entries(entry)) {
      slots[name][key] = {
        dtype: tensor.dtype,
        shape: [...tensor.shape],
        data: Array.from(tensor.data as ArrayLike<number>),
      };
    }
  }
  const early = checkpoint.earlyStopping;
  return JSON.stringify({
    format: checkpoint.format,
    formatVersion: FORMAT_VERSION,
    epoch: checkpoint.epoch,
    batch: checkpoint.batch,
    model: modelJson(checkpoint.model),
    weights: checkpoint.weights
      ? Object.fromEntries(
          [...checkpoint.weights].map(([name, value]) => [
            name,
            {
              dtype: value instanceof Float64Array ? 'float64' : 'float32',
              data: Array.from(value),
            },
          ]),
        )
      : undefined,
    optimizerState: {
      name: checkpoint.optimizerState.name,
      step: checkpoint.optimizerState.step,
      slots,
    },
    history: checkpoint.history,
    partial: checkpoint.partial,
    earlyStopping: early
      ? {
          best: finiteOrText(early.best),
          wait: early.wait,
          bestModel: early.bestModel ? modelJson(early.bestModel) : undefined,
        }
      : undefined,
  });
}

function fail(path: string, message: string): never {
  throw new RnnkitError('INVALID_STATE', `checkpoint ${path}: ${message}`, { path });
}

function readModel(json: unknown, path: string): Model {
  const value = json as {
    spec?: unknown;
    weights?: Record<string, { shape: number[]; data: number[] }>;
  };
  if (typeof value !== 'object' || value === null || typeof value.weights !== 'object')
    fail(path, 'expected { spec, weights }');
  const spec = validateSpec(value.spec);
  const weights: Weights = new Map();
  for (const [name, tensor] of Object.entries(value.weights ?? {})) {
    if (!Array.isArray(tensor?.shape) || !Array.isArray(tensor?.data))
      fail(`${path}.weights.${name}`, 'expected { shape, data }');
    weights.set(name, { shape: [...tensor.shape], data: Float32Array.from(tensor.data) });
  }
  return { spec, weights };
}

/** Parses text written by serializeCheckpoint (INVALID_STATE on anything else). */
export function parseCheckpoint(text: string): TrainingCheckpoint {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new RnnkitError(
      'INVALID_STATE',
      `checkpoint: not valid JSON (${(cause as Error).message})`,
      { path: '$', cause },
    );
  }
  if (json?.format !== 'rnnkit-training-checkpoint')
    fail('$.format', 'expected "rnnkit-training-checkpoint"');
  if (json.formatVersion !== FORMAT_VERSION) fail('$.formatVersion', `expected ${FORMAT_VERSION}`);
  for (const key of ['epoch', 'batch'] as const) {
    if (!Number.isSafeInteger(json[key]) || (json[key] as number) < 0)
      fail(`$.${key}`, 'expected a whole number >= 0');
  }
  const state = json.optimizerState as OptimizerState & {
    slots: Record<string, Record<string, { dtype: string; shape: number[]; data: number[] }>>;
  };
  if (typeof state !== 'object' || state === null || typeof state.slots !== 'object')
    fail('$.optimizerState', 'expected { name, step, slots }');
  const slots: OptimizerState['slots'] = {};
  for (const [name, entry] of Object.entries(state.slots)) {
    slots[name] = {};
    for (const [key, tensor] of Object.entries(entry)) {
      if (!Array.isArray(tensor?.data))
        fail(`$.optimizerState.slots.${name}.${key}`, 'expected { dtype, shape, data }');
      slots[name][key] = {
        dtype: 'float64',
        shape: [...tensor.shape],
        data: Float64Array.from(tensor.data),
      } as Tensor;
    }
  }
  let weights: WeightValues | undefined;
  if (json.weights !== undefined) {
    weights = new Map();
    for (const [name, value] of Object.entries(
      json.weights as Record<string, { dtype: string; data: number[] }>,
    )) {
      if (!Array.isArray(value?.data)) fail(`$.weights.${name}`, 'expected { dtype, data }');
      weights.set(
        name,
        value.dtype === 'float32' ? Float32Array.from(value.data) : Float64Array.from(value.data),
      );
    }
  }
  const early = json.earlyStopping as
    | { best: number | string; wait: number; bestModel?: unknown }
    | undefined;
  return {
    format: 'rnnkit-training-checkpoint',
    epoch: json.epoch as number,
    batch: json.batch as number,
    model: readModel(json.model, '$.model'),
    weights,
    optimizerState: { name: state.name, step: state.step, slots },
    history: json.history as TrainingCheckpoint['history'],
    partial: json.partial as TrainingCheckpoint['partial'],
    earlyStopping: early
      ? {
          best: Number(early.best),
          wait: early.wait,
          bestModel: early.bestModel
            ? readModel(early.bestModel, '$.earlyStopping.bestModel')
            : undefined,
        }
      : undefined,
  };
}
