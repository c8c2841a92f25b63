/**
 * Expected outputs written in the source model's names and layouts (what `rnnkit run` prints)
 * -> the spec's outputs and final state, which conformance cases compare against.
 *
 * The importers only give the forward direction (`fromRunResult`). Their adapters only rename,
 * reshape, permute and pick tensors, so the inverse is found by running the adapter once on a
 * probe result whose every element holds its own address (slot * 2^32 + flat index, exact in
 * float64): each element of the adapted probe then says where that source value belongs.
 */
import {
  type NamedTensors,
  nameRecord,
  type RecurrentState,
  RnnkitError,
  type RunResult,
  type Tensor,
} from '@rnnkit/core';
import type { ModelFile } from './model-file.js';

const SLOT = 2 ** 32;

interface Slot {
  shape: readonly number[];
  place: (data: Float64Array) => void;
}

export interface SpecExpectations {
  expected: NamedTensors;
  expectedState: RecurrentState;
}

const shapeText = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/**
 * `template` is any run of the model on the same inputs (the reference's), which fixes every
 * shape. Throws INVALID_INPUT naming the tensor when a given tensor is not an output of the
 * model or has the wrong shape.
 */
export function sourceOutputsToSpec(
  file: ModelFile,
  template: RunResult,
  given: NamedTensors,
  path: string,
): SpecExpectations {
  const slots: Slot[] = [];
  const expected: NamedTensors = nameRecord();
  const expectedState: RecurrentState = nameRecord();
  const probe: RunResult = { outputs: {}, state: {} };
  const addressed = (
    shape: readonly number[],
    place: (data: Float64Array) => void,
  ): Tensor<'float64'> => {
    const base = slots.length * SLOT;
    slots.push({ shape, place });
    const size = shape.reduce((a, b) => a * b, 1);
    return {
      dtype: 'float64',
      shape: [...shape],
      data: Float64Array.from({ length: size }, (_, i) => base + i),
    };
  };
  for (const [name, tensor] of Object.entries(template.outputs)) {
    probe.outputs[name] = addressed(tensor.shape, (data) => {
      expected[name] = { dtype: 'float64', shape: [...tensor.shape], data };
    });
  }
  for (const [layer, state] of Object.entries(template.state)) {
    const entry: { h: Tensor; c?: Tensor } = { h: undefined as never };
    expectedState[layer] = entry;
    const h = addressed(state.h.shape, (data) => {
      entry.h = { dtype: 'float64', shape: [...state.h.shape], data };
    });
    const c = state.c
      ? addressed(state.c.shape, (data) => {
          entry.c = { dtype: 'float64', shape: [...(state.c as Tensor).shape], data };
        })
      : undefined;
    probe.state[layer] = c ? { h, c } : { h };
  }
  const adapted = file.fromRunResult(probe);

  const filled = slots.map((slot) => ({
    data: new Float64Array(slot.shape.reduce((a, b) => a * b, 1)).fill(Number.NaN),
    count: 0,
  }));
  for (const [name, tensor] of Object.entries(given)) {
    const map = adapted[name];
    if (map === undefined) {
      throw new RnnkitError(
        'INVALID_INPUT',
        `${path}: '${name}' is not an output of this model (outputs: ${Object.keys(adapted).join(', ')})`,
        { path: name },
      );
    }
    if (shapeText(map.shape) !== shapeText(tensor.shape)) {
      throw new RnnkitError(
        'INVALID_INPUT',
        `${path}: '${name}' has shape ${shapeText(tensor.shape)}; the model gives ${shapeText(map.shape)} for these inputs`,
        { path: name },
      );
    }
    const addresses = map.data as Float64Array;
    const values = tensor.data as ArrayLike<number | bigint>;
    for (let j = 0; j < addresses.length; j++) {
      const slot = Math.floor(addresses[j] / SLOT);
      const index = addresses[j] - slot * SLOT;
      const target = filled[slot];
      if (target === undefined || !Number.isInteger(index) || index >= target.data.length) {
        throw new RnnkitError(
          'INTERNAL',
          `cannot map output '${name}' back to the model's outputs`,
          { path: name },
        );
      }
      if (Number.isNaN(target.data[index])) target.count++;
      target.data[index] = Number(values[j]);
    }
  }
  slots.forEach((slot, k) => {
    // A tensor only partly given (an ONNX Y_h that is a slice of a state, say) cannot be
    // compared position by position, so only fully covered ones become expectations.
    if (filled[k].count === filled[k].data.length) slot.place(filled[k].data);
  });
  for (const [layer, entry] of Object.entries(expectedState)) {
    if (entry.h === undefined) {
      if (entry.c === undefined) delete expectedState[layer];
      else
        throw new RnnkitError(
          'INVALID_INPUT',
          `${path}: the expected values give the cell state of '${layer}' but not its hidden state`,
          { path: layer },
        );
    }
  }
  return { expected, expectedState };
}
