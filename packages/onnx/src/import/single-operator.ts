/**
 * A graph that is one RNN/LSTM/GRU node (weights as initializers or Constant nodes), as in the
 * ONNX backend tests: every attribute is read or refused, weights are converted to canonical
 * layout, and adapters map between the operator's layout and the spec's batch-major one.
 */
import {
  directionPrefixes,
  LAYER_NAME_PATTERN,
  type LayerSpec,
  type ModelSpec,
  nameRecord,
  RnnkitError,
  sameActivation,
  type Tensor,
  type Weights,
} from '@rnnkit/core';
import {
  blocksFromOnnx,
  kernelFromOnnx,
  ONNX_GATE_SOURCE,
  ONNX_PEEPHOLE_SOURCE,
} from '../export/gate-layout.js';
import {
  attributeInt,
  attributeString,
  OnnxDataType,
  type OnnxGraph,
  type OnnxNode,
  type OnnxTensor,
  tensorToFloat32,
} from '../proto/index.js';
import {
  backwardActivations,
  readOperatorActivations,
  splitDirections,
} from './operator-activations.js';
import type { OnnxImport } from './result.js';
import { permute, reshape } from './tensor-layout.js';

/** Attributes every recurrent operator has; each adds its own below. */
const COMMON_ATTRIBUTES = [
  'activation_alpha',
  'activation_beta',
  'activations',
  'clip',
  'direction',
  'hidden_size',
  'layout',
];
const KNOWN_ATTRIBUTES: Record<string, string[]> = {
  RNN: COMMON_ATTRIBUTES,
  GRU: [...COMMON_ATTRIBUTES, 'linear_before_reset'],
  LSTM: [...COMMON_ATTRIBUTES, 'input_forget'],
};
const LAYER_TYPE = { RNN: 'simpleRnn', GRU: 'gru', LSTM: 'lstm' } as const;

export function isRecurrentOperator(node: OnnxNode): boolean {
  return (
    (node.domain === '' || node.domain === 'ai.onnx') && Object.hasOwn(LAYER_TYPE, node.opType)
  );
}

function refuse(node: OnnxNode, detail: string, feature: string): RnnkitError {
  return new RnnkitError('UNSUPPORTED_FEATURE', `node '${node.name}' (${node.opType}): ${detail}`, {
    feature,
    backend: 'onnx-import',
    path: node.name,
  });
}

function badWeight(tensor: string, detail: string): RnnkitError {
  return new RnnkitError('INVALID_WEIGHTS', `tensor '${tensor}': ${detail}`, { path: tensor });
}

function layerNameFor(node: OnnxNode): string {
  if (LAYER_NAME_PATTERN.test(node.name)) return node.name;
  const cleaned = node.name.replace(/[^A-Za-z0-9_.-]/g, '_');
  return LAYER_NAME_PATTERN.test(cleaned)
    ? cleaned
    : LAYER_TYPE[node.opType as keyof typeof LAYER_TYPE];
}

export function importSingleOperator(
  graph: OnnxGraph,
  node: OnnxNode,
  constants: Map<string, OnnxTensor>,
): OnnxImport {
  const kind = node.opType as keyof typeof LAYER_TYPE;
  for (const attribute of node.attribute) {
    if (!KNOWN_ATTRIBUTES[kind].includes(attribute.name)) {
      throw refuse(
        node,
        `attribute '${attribute.name}' is not one rnnkit reads`,
        `${kind} attribute ${attribute.name}`,
      );
    }
  }
  if (node.attribute.some((a) => a.name === 'clip')) {
    throw refuse(node, 'cell clipping (clip) has no equivalent in the spec', `${kind} clip`);
  }
  if (kind === 'LSTM' && (attributeInt(node, 'input_forget') ?? 0) !== 0) {
    throw refuse(
      node,
      'input_forget=1 (coupled input and forget gates) has no equivalent in the spec',
      'LSTM input_forget',
    );
  }
  const direction = attributeString(node, 'direction') ?? 'forward';
  if (direction !== 'forward' && direction !== 'reverse' && direction !== 'bidirectional') {
    throw new RnnkitError(
      'MODEL_FORMAT',
      `node '${node.name}': direction '${direction}' is not forward, reverse or bidirectional`,
      { path: node.name },
    );
  }
  const directions = direction === 'bidirectional' ? 2 : 1;
  const layout = attributeInt(node, 'layout') ?? 0;
  if (layout !== 0 && layout !== 1) {
    throw new RnnkitError('MODEL_FORMAT', `node '${node.name}': layout ${layout} is not 0 or 1`, {
      path: node.name,
    });
  }
  const gates = ONNX_GATE_SOURCE[LAYER_TYPE[kind]];
  const at = (index: number) => node.input[index] ?? '';
  const graphInputs = new Set(graph.input.map((i) => i.name));

  const constant = (index: number, role: string): OnnxTensor | undefined => {
    const name = at(index);
    if (name === '') return undefined;
    const tensor = constants.get(name);
    if (tensor) return tensor;
    throw refuse(
      node,
      `${role} '${name}' is fed at run time; rnnkit needs weights as initializers or Constant nodes (bind graph inputs with importOnnx(bytes, { bindInputs }))`,
      'weights as graph inputs',
    );
  };
  /** A runtime graph input (data, lengths, initial state); constants here are refused. */
  const runtimeInput = (index: number, role: string): string | undefined => {
    const name = at(index);
    if (name === '') return undefined;
    if (constants.has(name) || !graphInputs.has(name)) {
      throw refuse(
        node,
        `${role} '${name}' must be a graph input; a constant or computed ${role} is not supported`,
        `constant ${role}`,
      );
    }
    return name;
  };

  const xName = runtimeInput(0, 'X');
  if (!xName)
    throw new RnnkitError('MODEL_FORMAT', `node '${node.name}' has no input X`, {
      path: node.name,
    });
  const xInfo = graph.input.find((i) => i.name === xName);
  if (xInfo?.type && xInfo.type.elemType !== OnnxDataType.FLOAT) {
    throw refuse(
      node,
      `X '${xName}' has element type ${xInfo.type.elemType}; rnnkit runs float32 inputs`,
      'non-float32 recurrent input',
    );
  }
  const w = constant(1, 'W');
  const r = constant(2, 'R');
  if (!w || !r)
    throw new RnnkitError('MODEL_FORMAT', `node '${node.name}' lacks W or R`, { path: node.name });
  const b = constant(3, 'B');
  const lengths = runtimeInput(4, 'sequence_lens');
  const initialH = runtimeInput(5, 'initial_h');
  const initialC = kind === 'LSTM' ? runtimeInput(6, 'initial_c') : undefined;
  const p = kind === 'LSTM' ? constant(7, 'P') : undefined;
  if (node.input.length > (kind === 'LSTM' ? 8 : 6)) {
    throw refuse(
      node,
      `has ${node.input.length} inputs, more than the operator defines`,
      `${kind} extra inputs`,
    );
  }

  if (w.dims.length !== 3 || w.dims[0] !== directions || w.dims[1] % gates.length !== 0) {
    throw badWeight(
      w.name,
      `W has dims [${w.dims}], expected [${directions}, ${gates.length}*hidden_size, input_size]`,
    );
  }
  const units = attributeInt(node, 'hidden_size') ?? w.dims[1] / gates.length;
  const inputSize = w.dims[2];
  const width = gates.length * units;
  const expectDims = (t: OnnxTensor | undefined, dims: number[], what: string) => {
    if (t && (t.dims.length !== dims.length || t.dims.some((d, i) => d !== dims[i]))) {
      throw badWeight(
        t.name,
        `${what} has dims [${t.dims}], expected [${dims}] (hidden_size ${units})`,
      );
    }
  };
  expectDims(w, [directions, width, inputSize], 'W');
  expectDims(r, [directions, width, units], 'R');
  expectDims(b, [directions, 2 * width], 'B');
  expectDims(p, [directions, 3 * units], 'P');

  const perDirection = readOperatorActivations(node, directions);
  for (const list of perDirection) {
    if (kind === 'LSTM' && !sameActivation(list[1], list[2])) {
      throw refuse(
        node,
        'LSTM activations g and h differ; the spec uses one activation for both',
        'LSTM g != h',
      );
    }
  }
  const { forward: activations, backward } = splitDirections(perDirection);

  const layerName = layerNameFor(node);
  const weights: Weights = new Map();
  const wData = tensorToFloat32(w);
  const rData = tensorToFloat32(r);
  const bData = b ? tensorToFloat32(b) : undefined;
  const pData = p ? tensorToFloat32(p) : undefined;
  let recurrentBias = false;
  directionPrefixes(layerName, directions as 1 | 2).forEach((prefix, d) => {
    const wSlice = wData.subarray(d * width * inputSize, (d + 1) * width * inputSize);
    const rSlice = rData.subarray(d * width * units, (d + 1) * width * units);
    weights.set(`${prefix}kernel`, {
      shape: [inputSize, width],
      data: kernelFromOnnx(wSlice, inputSize, units, gates),
    });
    weights.set(`${prefix}recurrentKernel`, {
      shape: [units, width],
      data: kernelFromOnnx(rSlice, units, units, gates),
    });
    if (bData) {
      const both = bData.subarray(d * 2 * width, (d + 1) * 2 * width);
      weights.set(`${prefix}bias`, {
        shape: [width],
        data: blocksFromOnnx(both.subarray(0, width), units, gates),
      });
      const rb = both.subarray(width);
      weights.set(`${prefix}recurrentBias`, {
        shape: [width],
        data: blocksFromOnnx(rb, units, gates),
      });
      if (rb.some((v) => v !== 0)) recurrentBias = true;
    }
    if (pData) {
      const slice = pData.subarray(d * 3 * units, (d + 1) * 3 * units);
      weights.set(`${prefix}peephole`, {
        shape: [3 * units],
        data: blocksFromOnnx(slice, units, ONNX_PEEPHOLE_SOURCE),
      });
    }
  });
  // An all-zero Rb is the operator's default: the spec then has no recurrentBias tensors at all.
  if (!recurrentBias)
    for (const key of [...weights.keys()]) if (key.endsWith('/recurrentBias')) weights.delete(key);

  const graphOutputs = new Set(graph.output.map((o) => o.name));
  for (const output of graph.output) {
    if (!node.output.includes(output.name)) {
      throw refuse(
        node,
        `graph output '${output.name}' is not an output of the recurrent node`,
        'graph outputs beside the recurrent node',
      );
    }
  }
  const yName = node.output[0] && graphOutputs.has(node.output[0]) ? node.output[0] : undefined;
  const yhName = node.output[1] && graphOutputs.has(node.output[1]) ? node.output[1] : undefined;
  const ycName =
    kind === 'LSTM' && node.output[2] && graphOutputs.has(node.output[2])
      ? node.output[2]
      : undefined;

  const taken = new Set(
    [xName, lengths, initialH, initialC, yhName, ycName].filter(Boolean) as string[],
  );
  let mainOutput = yName ?? `${layerName}_last`;
  while (!yName && taken.has(mainOutput)) mainOutput = `${mainOutput}_`;

  const layer: LayerSpec = {
    type: LAYER_TYPE[kind],
    name: layerName,
    units,
    direction,
    returnSequences: yName !== undefined,
    // ONNX Runtime writes zeros into Y past sequence_lens (spec PaddedOutputs).
    ...(yName !== undefined && lengths ? { paddedOutputs: 'zero' } : {}),
    useBias: b !== undefined,
    activation: kind === 'RNN' ? activations[0] : activations[1],
    ...(b !== undefined && recurrentBias ? { recurrentBias: true } : {}),
    ...(kind !== 'RNN' ? { recurrentActivation: activations[0] } : {}),
    // The second half of a bidirectional node's `activations`, when it differs from the first.
    ...(backward ? { backward: backwardActivations(kind, backward) } : {}),
    ...(kind === 'LSTM' && p ? { peepholes: true } : {}),
    ...(kind === 'GRU'
      ? { resetAfter: (attributeInt(node, 'linear_before_reset') ?? 0) !== 0 }
      : {}),
  } as LayerSpec;
  const spec: ModelSpec = {
    format: 'rnnkit-model',
    formatVersion: 1,
    name: graph.name || undefined,
    input: { name: xName, type: 'features', size: inputSize },
    ...(lengths ? { sequenceLengths: { name: lengths } } : {}),
    layers: [layer],
    output: { name: mainOutput },
  };
  if (!spec.name) delete spec.name;
  const stateInputs = [
    ...(initialH ? [{ name: initialH, kind: 'h' as const, layers: [layerName] }] : []),
    ...(initialC ? [{ name: initialC, kind: 'c' as const, layers: [layerName] }] : []),
  ];
  const stateOutputs = [
    ...(yhName ? [{ name: yhName, kind: 'h' as const, layers: [layerName] }] : []),
    ...(ycName ? [{ name: ycName, kind: 'c' as const, layers: [layerName] }] : []),
  ];
  if (stateInputs.length) spec.stateInputs = stateInputs;
  if (stateOutputs.length) spec.stateOutputs = stateOutputs;

  // layout 0: X [T, B, F], states [D, B, H], Y [T, D, B, H]; layout 1: X [B, T, F], states [B, D, H], Y [B, T, D, H].
  const stateToSpec = (t: Tensor) => (layout === 1 ? permute(t, [1, 0, 2]) : t);
  return {
    model: { spec, weights },
    source: 'single-operator',
    adaptInputs(inputs) {
      const out = { ...inputs };
      if (out[xName] && layout === 0) out[xName] = permute(out[xName], [1, 0, 2]);
      for (const name of [initialH, initialC])
        if (name && out[name]) out[name] = stateToSpec(out[name]);
      return out;
    },
    adaptOutputs(result) {
      const out: Record<string, Tensor> = nameRecord();
      if (yName) {
        const y = result.outputs[yName];
        const [batch, time] = y.shape;
        const split = reshape(y, [batch, time, directions, units]);
        out[yName] = layout === 0 ? permute(split, [1, 2, 0, 3]) : split;
      }
      for (const name of [yhName, ycName]) {
        if (name) out[name] = stateToSpec(result.outputs[name]);
      }
      return out;
    },
  };
}
