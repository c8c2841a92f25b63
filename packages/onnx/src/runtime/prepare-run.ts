/**
 * The run inputs the ORT runner needs, checked. `prepareRunInputs` (core) is the one authority on
 * what a run accepts and on every error message, but it also builds what only the float64
 * reference executor uses: a float64 copy of the initial state, converted back to float32. On a
 * streaming call (one token, 256 units) that round trip and its allocations cost as much as a
 * fifth of ORT's own run time.
 *
 * So the runner first tries a fast path for the common call shapes: only the data input (under
 * its spec name), float32 features or int32 tokens, and `options.state` as the float32 tensors a
 * previous run returned. The fast path accepts an input only after checking everything
 * `prepareRunInputs` would check for it; anything else, valid or not, goes to `prepareRunInputs`,
 * which then computes it or throws its own error. The fast path never throws, so errors and their
 * messages are exactly core's.
 */
import {
  type EmbeddingLayer,
  type ModelSpec,
  type NamedTensors,
  nameRecord,
  type PreparedRun,
  prepareRunInputs,
  type RecurrentState,
  type RunOptions,
  recurrentLayers,
  stepIndexProblem,
  type Tensor,
} from '@rnnkit/core';

/** What the runner reads of a prepared run (no float64 copies). */
export type RunnerInputs = Pick<
  PreparedRun,
  'batch' | 'time' | 'tokens' | 'features' | 'lengths' | 'mask' | 'initialState'
>;

interface LayerInfo {
  name: string;
  lstm: boolean;
  directions: number;
  units: number;
}

export type RunPreparer = (inputs: NamedTensors, options?: RunOptions) => RunnerInputs;

/** A shape that is an array of `rank` whole numbers >= 1, or undefined. */
function positiveShape(shape: unknown, rank: number): readonly number[] | undefined {
  if (!Array.isArray(shape) || shape.length !== rank) return undefined;
  for (const dim of shape) if (!Number.isSafeInteger(dim) || dim < 1) return undefined;
  return shape;
}

const NOT_GIVEN = Symbol('not given');

function hasOwn(value: unknown, key: string): boolean {
  return isObject(value) && Object.hasOwn(value, key);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The caller's float32 state tensor when it is exactly [directions, batch, units], else undefined. */
function float32State(value: unknown, expected: readonly number[]): Float32Array | undefined {
  if (!isObject(value) || value.dtype !== 'float32') return undefined;
  const { shape, data } = value as Partial<Tensor>;
  if (!(data instanceof Float32Array) || !Array.isArray(shape) || shape.length !== 3)
    return undefined;
  if (shape[0] !== expected[0] || shape[1] !== expected[1] || shape[2] !== expected[2])
    return undefined;
  return data.length === expected[0] * expected[1] * expected[2] ? data : undefined;
}

export function createRunPreparer(spec: ModelSpec): RunPreparer {
  const dataName = spec.input.name;
  const tokensInput = spec.input.type === 'tokens';
  const featureSize = spec.input.type === 'features' ? spec.input.size : 0;
  const first = spec.layers[0];
  const vocabulary = first?.type === 'embedding' ? (first as EmbeddingLayer).inputDim : 0;
  const maskZero = first?.type === 'embedding' && (first as EmbeddingLayer).maskZero === true;
  const timeSteps = spec.input.timeSteps;
  const maskValue = spec.input.type === 'features' ? spec.input.maskValue : undefined;
  const layers: LayerInfo[] = recurrentLayers(spec).map((layer) => ({
    name: layer.name,
    lstm: layer.type === 'lstm',
    directions: layer.directions,
    units: layer.units,
  }));
  const byName = new Map(layers.map((layer) => [layer.name, layer]));
  const selectsSteps = spec.layers.some((layer) => layer.type === 'selectStep');
  let tokenScratch = new Int32Array(0);
  let zeros = new Float32Array(0);
  /** Zeros of `size`: views of one buffer, grown to the largest state asked for. */
  const zeroState = (size: number): Float32Array => {
    if (zeros.length < size) zeros = new Float32Array(size);
    return zeros.subarray(0, size);
  };

  /** Tokens or features in the runner's form, or undefined to defer to core. */
  function fastData(
    tensor: unknown,
  ): Pick<RunnerInputs, 'batch' | 'time' | 'tokens' | 'features'> | undefined {
    if (!isObject(tensor)) return undefined;
    const { dtype, data } = tensor as Partial<Tensor>;
    const shape = positiveShape((tensor as Partial<Tensor>).shape, tokensInput ? 2 : 3);
    if (!shape) return undefined;
    const [batch, time] = shape;
    if (timeSteps !== undefined && time !== timeSteps) return undefined;
    if (tokensInput) {
      if (dtype !== 'int32' || !(data instanceof Int32Array) || data.length !== batch * time)
        return undefined;
      // A copy, as core makes: the ids are checked now and read by ORT a tick later, so a
      // caller changing its array in between cannot slip an unchecked id through. The copy goes
      // into one buffer reused run after run (the session runs one at a time, and ORT has read
      // it before the next run starts), so a streaming call allocates no buffer for it.
      if (tokenScratch.length < data.length) tokenScratch = new Int32Array(data.length);
      const tokens = tokenScratch.subarray(0, data.length);
      tokens.set(data);
      for (let i = 0; i < tokens.length; i++) {
        const id = tokens[i];
        // Token 0 under maskZero means padding: core works out the mask.
        if (id < 0 || id >= vocabulary || (maskZero && id === 0)) return undefined;
      }
      return { batch, time, tokens };
    }
    // maskValue (Keras Masking): core works out which steps are masked.
    if (maskValue !== undefined) return undefined;
    if (dtype !== 'float32' || !(data instanceof Float32Array)) return undefined;
    if (shape[2] !== featureSize || data.length !== batch * time * featureSize) return undefined;
    // Passed through uncopied, as core does: any float32 value is a valid feature.
    return { batch, time, features: data };
  }

  /** Every layer's initial state (given or zeros), or undefined to defer to core. */
  function fastState(state: unknown, batch: number): RecurrentState | undefined {
    if (state !== undefined) {
      if (!isObject(state)) return undefined;
      for (const name of Object.keys(state)) if (!byName.has(name)) return undefined;
    }
    const initial: RecurrentState = nameRecord();
    for (const layer of layers) {
      const shape = [layer.directions, batch, layer.units];
      // A key given with the value undefined is core's to refuse, so look at own keys.
      const given = hasOwn(state, layer.name) ? (state as RecurrentState)[layer.name] : NOT_GIVEN;
      if (given === NOT_GIVEN) {
        // ORT only reads its inputs, so every run shares one buffer of zeros.
        const zeros = zeroState(layer.directions * batch * layer.units);
        initial[layer.name] = { h: { dtype: 'float32', shape, data: zeros } };
        if (layer.lstm) initial[layer.name].c = { dtype: 'float32', shape, data: zeros };
        continue;
      }
      if (!isObject(given)) return undefined;
      const h = float32State(given.h, shape);
      if (!h) return undefined;
      initial[layer.name] = { h: { dtype: 'float32', shape, data: h } };
      if (layer.lstm) {
        const c = float32State(given.c, shape);
        if (!c) return undefined;
        initial[layer.name].c = { dtype: 'float32', shape, data: c };
      } else if (given.c !== undefined) {
        return undefined;
      }
    }
    return initial;
  }

  function fast(inputs: NamedTensors, options: RunOptions | undefined): RunnerInputs | undefined {
    if (!isObject(inputs)) return undefined;
    // Exactly the data input under its own name; lengths and state inputs go through core.
    const keys = Object.keys(inputs);
    if (keys.length !== 1 || keys[0] !== dataName) return undefined;
    if (options !== undefined && !isObject(options)) return undefined;
    const data = fastData(inputs[dataName]);
    if (!data) return undefined;
    // A selectStep index this run's length does not have is core's to refuse.
    if (selectsSteps && stepIndexProblem(spec, data.time) !== undefined) return undefined;
    const initialState = fastState(options?.state, data.batch);
    if (!initialState) return undefined;
    const { batch, time, tokens, features } = data;
    return { batch, time, tokens, features, initialState };
  }

  return (inputs, options) => fast(inputs, options) ?? prepareRunInputs(spec, inputs, options);
}
