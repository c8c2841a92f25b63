/**
 * The initial state of every recurrent layer, from one of two places: `run(…, { state })` by layer
 * name (what a previous run returned), or the spec's `stateInputs` named tensors (PyTorch `h0`/`c0`
 * stacked over layers, Keras per-layer state inputs). Giving one layer's state both ways is refused
 * rather than silently preferring one. Layers given nothing start at zero.
 */
import type { LayerState, RecurrentState, RunOptions } from '../backend.js';
import { RnnkitError } from '../errors.js';
import { nameRecord } from '../names/own-keys.js';
import type { ResolvedRecurrentLayer } from '../spec/resolve.js';
import type { ModelSpec } from '../spec/types.js';
import type { NamedTensors, Tensor } from '../tensor.js';
import { checkTensor, inputError } from './check-tensor.js';

interface Slot {
  h?: Float64Array;
  c?: Float64Array;
  /** Where the state came from, for the "given twice" error. */
  source?: 'options.state' | 'stateInputs';
}

export function prepareInitialState(
  spec: ModelSpec,
  layers: ResolvedRecurrentLayer[],
  inputs: NamedTensors,
  options: RunOptions,
  batch: number,
): { initialState: RecurrentState; initialState64: RecurrentState } {
  const byName = new Map(layers.map((layer) => [layer.name, layer]));
  const slots = new Map<string, Slot>(layers.map((layer) => [layer.name, {}]));

  const state = options.state;
  if (state !== undefined) {
    if (typeof state !== 'object' || state === null) {
      throw new RnnkitError(
        'INVALID_STATE',
        'options.state must be an object keyed by recurrent layer name',
        {
          path: 'state',
        },
      );
    }
    for (const [layerName, layerState] of Object.entries(state)) {
      const layer = byName.get(layerName);
      if (!layer) {
        throw inputError(
          layerName,
          `no recurrent layer has this name (recurrent layers: ${layers.map((l) => l.name).join(', ')})`,
          'INVALID_STATE',
        );
      }
      takeLayerState(layer, layerState, batch, slots.get(layerName) as Slot);
    }
  }

  for (const stateSpec of spec.stateInputs ?? []) {
    const tensor = inputs[stateSpec.name];
    if (tensor === undefined) continue;
    const stacked = stateSpec.layers.map((name) => {
      const layer = byName.get(name);
      if (!layer) {
        throw new RnnkitError(
          'INVALID_SPEC',
          `state input '${stateSpec.name}' lists '${name}', not a recurrent layer`,
          {
            path: stateSpec.name,
          },
        );
      }
      return layer;
    });
    const units = stacked[0]?.units ?? 0;
    const directions = stacked.reduce((sum, layer) => sum + layer.directions, 0);
    const expected = [directions, batch, units];
    checkStateTensor(tensor, stateSpec.name, expected, 'INVALID_INPUT');
    const values = Float64Array.from(tensor.data as ArrayLike<number>);
    let offset = 0;
    for (const layer of stacked) {
      const slot = slots.get(layer.name) as Slot;
      if (slot.source === 'options.state') {
        throw inputError(
          stateSpec.name,
          `layer '${layer.name}' also has a state in options.state; give it one way only`,
          'INVALID_STATE',
        );
      }
      if (stateSpec.kind === 'c' && layer.type !== 'lstm') {
        throw new RnnkitError(
          'INVALID_SPEC',
          `state input '${stateSpec.name}' gives a cell state to non-LSTM layer '${layer.name}'`,
          {
            path: stateSpec.name,
          },
        );
      }
      const length = layer.directions * batch * units;
      slot[stateSpec.kind] = values.slice(offset, offset + length);
      slot.source = 'stateInputs';
      offset += length;
    }
  }

  const initialState: RecurrentState = nameRecord();
  const initialState64: RecurrentState = nameRecord();
  for (const layer of layers) {
    const slot = slots.get(layer.name) as Slot;
    const shape = [layer.directions, batch, layer.units];
    const size = layer.directions * batch * layer.units;
    const h = slot.h ?? new Float64Array(size);
    initialState64[layer.name] = { h: { dtype: 'float64', shape, data: h } };
    initialState[layer.name] = {
      h: { dtype: 'float32', shape: [...shape], data: Float32Array.from(h) },
    };
    if (layer.type === 'lstm') {
      const c = slot.c ?? new Float64Array(size);
      initialState64[layer.name].c = { dtype: 'float64', shape: [...shape], data: c };
      initialState[layer.name].c = {
        dtype: 'float32',
        shape: [...shape],
        data: Float32Array.from(c),
      };
    }
  }
  return { initialState, initialState64 };
}

function takeLayerState(
  layer: ResolvedRecurrentLayer,
  layerState: LayerState,
  batch: number,
  slot: Slot,
): void {
  const name = layer.name;
  if (typeof layerState !== 'object' || layerState === null || layerState.h === undefined) {
    throw inputError(name, 'needs { h } (and c for an LSTM layer)', 'INVALID_STATE');
  }
  const expected = [layer.directions, batch, layer.units];
  checkStateTensor(layerState.h, `${name}.h`, expected, 'INVALID_STATE');
  slot.h = Float64Array.from(layerState.h.data as ArrayLike<number>);
  if (layer.type === 'lstm') {
    if (layerState.c === undefined) {
      throw inputError(
        `${name}.c`,
        'an LSTM layer state needs its cell state c as well as h',
        'INVALID_STATE',
      );
    }
    checkStateTensor(layerState.c, `${name}.c`, expected, 'INVALID_STATE');
    slot.c = Float64Array.from(layerState.c.data as ArrayLike<number>);
  } else if (layerState.c !== undefined) {
    throw inputError(`${name}.c`, `a ${layer.type} layer has no cell state`, 'INVALID_STATE');
  }
  slot.source = 'options.state';
}

function checkStateTensor(
  tensor: Tensor,
  name: string,
  expected: number[],
  code: 'INVALID_INPUT' | 'INVALID_STATE',
): void {
  const shape = checkTensor(tensor, name, ['float32', 'float64'], 3, code);
  if (shape.some((dim, i) => dim !== expected[i])) {
    throw inputError(
      name,
      `shape must be [directions, batch, units] = [${expected.join(', ')}], got [${shape.join(', ')}]`,
      code,
    );
  }
}
