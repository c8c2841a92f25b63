/**
 * Graph inputs: the first is the model's data (int token ids [batch, time] or float features
 * [batch, time, size], in either axis order); every other one must be a float state input
 * [rows, batch, hidden] (PyTorch's h0 / c0), except one int vector [batch]: the lengths that
 * `pack_padded_sequence` reads. Which input axis is time is learnt later, at the first RNN node,
 * so the same code lifts batch_first=True and False exports.
 */
import { type InputSpec, RnnkitError } from '@rnnkit/core';
import {
  OnnxDataType,
  type OnnxDim,
  type OnnxGraph,
  type OnnxValueInfo,
} from '../../proto/types.js';
import type { LiftContext } from './context.js';
import type { DataValue, LengthsValue, StateInputValue, SymbolicDim } from './values.js';

function refuseInput(info: OnnxValueInfo, detail: string): RnnkitError {
  return new RnnkitError(
    'UNSUPPORTED_FEATURE',
    `cannot import graph input '${info.name}': ${detail}`,
    {
      path: info.name,
      feature: 'ONNX graph input',
      backend: 'onnx-import',
    },
  );
}

export interface DataInput {
  info: OnnxValueInfo;
  type: InputSpec['type'];
  /** Feature size (features input only). */
  size?: number;
}

export function bindGraphInputs(
  graph: OnnxGraph,
  ctx: LiftContext,
): { data: DataInput; states: Map<string, number> } {
  const initializers = new Set(graph.initializer.map((t) => t.name));
  // IR < 4 exports may list initializers as graph inputs too; those are weights, not inputs.
  const inputs = graph.input.filter((i) => !initializers.has(i.name));
  if (inputs.length === 0) {
    throw new RnnkitError('UNSUPPORTED_FEATURE', 'the graph has no inputs', {
      feature: 'ONNX graph input',
      backend: 'onnx-import',
    });
  }
  const [first, ...rest] = inputs;
  const elem = first.type?.elemType;
  const shape = first.type?.shape;
  let data: DataInput;
  let value: DataValue;
  if ((elem === OnnxDataType.INT64 || elem === OnnxDataType.INT32) && shape?.length === 2) {
    data = { info: first, type: 'tokens' };
    value = { kind: 'data', axes: [{ tag: 'in0' }, { tag: 'in1' }], layers: [] };
  } else if (elem === OnnxDataType.FLOAT && shape?.length === 3 && typeof shape[2] === 'number') {
    data = { info: first, type: 'features', size: shape[2] };
    value = {
      kind: 'data',
      axes: [{ tag: 'in0' }, { tag: 'in1' }, { tag: 'feature', size: shape[2] }],
      layers: [],
    };
  } else {
    throw refuseInput(
      first,
      'expected int64/int32 token ids of rank 2 or float32 features of rank 3 with a fixed feature size',
    );
  }
  ctx.values.set(first.name, value);
  if (typeof shape[0] === 'number') ctx.inputSizes.in0 = shape[0];
  if (typeof shape[1] === 'number') ctx.inputSizes.in1 = shape[1];

  const states = new Map<string, number>();
  for (const info of rest) {
    if (isLengthsInput(info)) {
      if (ctx.lengthsInput !== undefined)
        throw refuseInput(info, `a second lengths input (the first is '${ctx.lengthsInput}')`);
      const lengths: LengthsValue = {
        kind: 'lengths',
        input: info.name,
        batch: lengthsBatch(info, shape),
        sorted: false,
      };
      ctx.values.set(info.name, lengths);
      ctx.lengthsInput = info.name;
      continue;
    }
    const dims = info.type?.shape;
    const rows = dims?.[0];
    if (
      info.type?.elemType !== OnnxDataType.FLOAT ||
      dims?.length !== 3 ||
      typeof rows !== 'number'
    ) {
      throw refuseInput(
        info,
        'expected a float32 initial state [layers*directions, batch, hidden] with a fixed first dimension',
      );
    }
    const state: StateInputValue = { kind: 'stateInput', input: info.name, start: 0, end: rows };
    ctx.values.set(info.name, state);
    states.set(info.name, rows);
  }
  return { data, states };
}

function isLengthsInput(info: OnnxValueInfo): boolean {
  const elem = info.type?.elemType;
  return (
    (elem === OnnxDataType.INT64 || elem === OnnxDataType.INT32) && info.type?.shape?.length === 1
  );
}

/**
 * The lengths' one dimension as a dimension of the data input: the same named dynamic axis
 * (torch.onnx.export's dynamic_axes give both the name the user chose), or a fixed size.
 */
function lengthsBatch(info: OnnxValueInfo, dataShape: readonly OnnxDim[]): SymbolicDim {
  const dim = info.type?.shape?.[0];
  if (typeof dim === 'number') return dim;
  const axis = typeof dim === 'string' && dim !== '' ? dataShape.indexOf(dim) : -1;
  if (axis === 0 || axis === 1) return axis === 0 ? 'in0' : 'in1';
  throw refuseInput(
    info,
    `its dimension '${dim ?? '?'}' is neither a fixed size nor a named dynamic axis of the data input (name the lengths' axis like the data's batch axis in dynamic_axes)`,
  );
}
