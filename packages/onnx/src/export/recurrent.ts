/**
 * One recurrent layer as a native ONNX RNN/LSTM/GRU node (layout 0, time-major), never unrolled,
 * plus the reshaping that turns its outputs into the spec's layer output.
 */
import {
  directionPrefixes,
  layerForDirection,
  type ResolvedRecurrentLayer,
  RnnkitError,
  type Weights,
} from '@rnnkit/core';
import { makeAttribute, type OnnxAttribute } from '../proto/index.js';
import { type OperatorActivation, operatorActivation } from './activations.js';
import {
  blocksToOnnx,
  kernelToOnnx,
  ONNX_GATE_SOURCE,
  ONNX_PEEPHOLE_SOURCE,
} from './gate-layout.js';
import type { GraphBuilder } from './graph-builder.js';
import { holdPreviousOutputs } from './padded-outputs.js';

/** A value flowing between layers. Sequences are [T, B, F] when timeMajor, else [B, T, F]. */
export interface FlowValue {
  name: string;
  sequence: boolean;
  timeMajor: boolean;
}

export interface RecurrentWiring {
  /** int32 [batch] sequence lengths, when the model has any. */
  lengths?: string;
  initialH?: string;
  initialC?: string;
  /** Names to give the operator's Y_h / Y_c outputs (fresh names when absent). */
  finalH?: string;
  finalC?: string;
}

export interface RecurrentResult {
  output: FlowValue;
  finalH: string;
  finalC?: string;
}

function weight(weights: Weights, name: string): Float32Array {
  const tensor = weights.get(name);
  if (!tensor) {
    throw new RnnkitError('INVALID_WEIGHTS', `missing weight '${name}'`, { path: name });
  }
  return tensor.data;
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

const OP_TYPE = { simpleRnn: 'RNN', lstm: 'LSTM', gru: 'GRU' } as const;

/** ONNX's activations of one direction: [f] (RNN), [f, g] (GRU), [f, g, h] (LSTM; g = h here). */
function directionActivations(layer: ResolvedRecurrentLayer): OperatorActivation[] {
  if (layer.type === 'simpleRnn') return [operatorActivation(layer.activation, layer.name)];
  const gate = operatorActivation(layer.recurrentActivation, layer.name);
  const g = operatorActivation(layer.activation, layer.name);
  return layer.type === 'gru' ? [gate, g] : [gate, g, g];
}

/**
 * The `activations` list holds one set per direction, [forward..., backward...] (ONNX RNN/LSTM/GRU
 * operator docs; onnxruntime reads the second half for the backward direction, checked against
 * numpy in import/backward-activations.test.ts), so a bidirectional layer's `backward`
 * activations go in the second half.
 */
function activationAttributes(layer: ResolvedRecurrentLayer): OnnxAttribute[] {
  const all: OperatorActivation[] = [];
  for (let d = 0; d < layer.directions; d++) {
    all.push(...directionActivations(layerForDirection(layer, d)));
  }
  const attributes = [
    makeAttribute.strings(
      'activations',
      all.map((a) => a.name),
    ),
  ];
  const alphas = all.filter((a) => a.alpha !== undefined).map((a) => a.alpha!);
  const betas = all.filter((a) => a.beta !== undefined).map((a) => a.beta!);
  if (alphas.length > 0) attributes.push(makeAttribute.floats('activation_alpha', alphas));
  if (betas.length > 0) attributes.push(makeAttribute.floats('activation_beta', betas));
  return attributes;
}

export function emitRecurrent(
  builder: GraphBuilder,
  layer: ResolvedRecurrentLayer,
  input: FlowValue,
  weights: Weights,
  wiring: RecurrentWiring,
): RecurrentResult {
  const { units, directions, inputSize, name } = layer;
  const source = ONNX_GATE_SOURCE[layer.type];
  const gatesWidth = source.length * units;
  const prefixes = directionPrefixes(name, directions);

  const w = concat(
    prefixes.map((p) => kernelToOnnx(weight(weights, `${p}kernel`), inputSize, units, source)),
  );
  const r = concat(
    prefixes.map((p) => kernelToOnnx(weight(weights, `${p}recurrentKernel`), units, units, source)),
  );
  const wName = builder.initializer(
    builder.fresh(`${name}/W`),
    [directions, gatesWidth, inputSize],
    w,
  );
  const rName = builder.initializer(builder.fresh(`${name}/R`), [directions, gatesWidth, units], r);
  let bName = '';
  if (layer.useBias) {
    const b = concat(
      prefixes.flatMap((p) => [
        blocksToOnnx(weight(weights, `${p}bias`), units, source),
        layer.recurrentBias
          ? blocksToOnnx(weight(weights, `${p}recurrentBias`), units, source)
          : new Float32Array(gatesWidth),
      ]),
    );
    bName = builder.initializer(builder.fresh(`${name}/B`), [directions, 2 * gatesWidth], b);
  }
  let pName = '';
  if (layer.peepholes) {
    const p = concat(
      prefixes.map((prefix) =>
        blocksToOnnx(weight(weights, `${prefix}peephole`), units, ONNX_PEEPHOLE_SOURCE),
      ),
    );
    pName = builder.initializer(builder.fresh(`${name}/P`), [directions, 3 * units], p);
  }

  const x = input.timeMajor
    ? input.name
    : builder.node('Transpose', [input.name], `${name}/X`, [makeAttribute.ints('perm', [1, 0, 2])]);

  const inputs = [x, wName, rName, bName, wiring.lengths ?? '', wiring.initialH ?? ''];
  if (layer.type === 'lstm') inputs.push(wiring.initialC ?? '', pName);
  while (inputs[inputs.length - 1] === '') inputs.pop();

  const y = layer.returnSequences ? builder.fresh(`${name}/Y`) : '';
  const finalH = wiring.finalH ? builder.reserve(wiring.finalH) : builder.fresh(`${name}/Y_h`);
  const outputs = [y, finalH];
  let finalC: string | undefined;
  if (layer.type === 'lstm') {
    finalC = wiring.finalC ? builder.reserve(wiring.finalC) : builder.fresh(`${name}/Y_c`);
    outputs.push(finalC);
  }

  const attributes: OnnxAttribute[] = [
    makeAttribute.int('hidden_size', units),
    makeAttribute.string('direction', layer.direction),
    makeAttribute.int('layout', 0),
    ...activationAttributes(layer),
  ];
  if (layer.type === 'gru')
    attributes.push(makeAttribute.int('linear_before_reset', layer.resetAfter ? 1 : 0));
  builder.nodeWithOutputs(OP_TYPE[layer.type], inputs, outputs, attributes);

  const padded =
    layer.returnSequences && wiring.lengths && layer.paddedOutputs === 'previous'
      ? holdPreviousOutputs(builder, layer, x, y, finalH, wiring.lengths)
      : y;
  const output = layer.returnSequences
    ? sequenceOutput(builder, layer, padded)
    : lastOutput(builder, layer, finalH);
  return { output, finalH, finalC };
}

function merge(
  builder: GraphBuilder,
  layer: ResolvedRecurrentLayer,
  forward: string,
  backward: string,
  hint: string,
): string {
  switch (layer.mergeMode) {
    case 'concat':
      return builder.node('Concat', [forward, backward], hint, [makeAttribute.int('axis', -1)]);
    case 'sum':
      return builder.node('Add', [forward, backward], hint);
    case 'mul':
      return builder.node('Mul', [forward, backward], hint);
    case 'ave': {
      const sum = builder.node('Add', [forward, backward], `${hint}_sum`);
      return builder.node('Mul', [sum, builder.float32Scalar(0.5)], hint);
    }
  }
}

/** Y [T, dirs, B, H] -> [T, B, features] (time-major; transposed at the end if needed). */
function sequenceOutput(
  builder: GraphBuilder,
  layer: ResolvedRecurrentLayer,
  y: string,
): FlowValue {
  const hint = `${layer.name}/output`;
  let name: string;
  if (layer.directions === 1) {
    name = builder.node('Squeeze', [y, builder.int64Constant([1])], hint);
  } else if (layer.mergeMode === 'concat') {
    // [T, 2, B, H] -> [T, B, 2, H] -> [T, B, 2H]: forward half first, as Keras concatenates.
    const moved = builder.node('Transpose', [y], `${hint}_tbdh`, [
      makeAttribute.ints('perm', [0, 2, 1, 3]),
    ]);
    name = builder.node('Reshape', [moved, builder.int64Constant([0, 0, -1])], hint);
  } else {
    const forward = builder.node(
      'Gather',
      [y, builder.int64Constant([0], true)],
      `${hint}_forward`,
      [makeAttribute.int('axis', 1)],
    );
    const backward = builder.node(
      'Gather',
      [y, builder.int64Constant([1], true)],
      `${hint}_backward`,
      [makeAttribute.int('axis', 1)],
    );
    name = merge(builder, layer, forward, backward, hint);
  }
  return { name, sequence: true, timeMajor: true };
}

/** Y_h [dirs, B, H] -> [B, features]. */
function lastOutput(builder: GraphBuilder, layer: ResolvedRecurrentLayer, yH: string): FlowValue {
  const hint = `${layer.name}/output`;
  if (layer.directions === 1) {
    return {
      name: builder.node('Squeeze', [yH, builder.int64Constant([0])], hint),
      sequence: false,
      timeMajor: false,
    };
  }
  const forward = builder.node(
    'Gather',
    [yH, builder.int64Constant([0], true)],
    `${hint}_forward`,
    [makeAttribute.int('axis', 0)],
  );
  const backward = builder.node(
    'Gather',
    [yH, builder.int64Constant([1], true)],
    `${hint}_backward`,
    [makeAttribute.int('axis', 0)],
  );
  return {
    name: merge(builder, layer, forward, backward, hint),
    sequence: false,
    timeMajor: false,
  };
}
