/**
 * spec + canonical weights -> ONNX model bytes.
 *
 * Recurrent layers become native RNN/LSTM/GRU nodes (layout 0, so every runtime's kernels take
 * them); the graph keeps sequences time-major between consecutive layers and transposes only at
 * the edges. Graph input/output names are the spec's. The spec and export options are recorded in
 * metadata_props so `importOnnx` can give back exactly this model (after checking the graph).
 *
 * maskZero: ONNX operators know padding only as `sequence_lens`, so the exported graph computes
 * each example's length as the number of leading non-zero tokens. That equals the spec only when
 * padding is a suffix (post-padding); see `maskZeroNeedsPostPadding`. A features `maskValue`
 * (Keras Masking) becomes lengths the same way (mask-value-lengths.ts).
 */

import {
  isRecurrentLayer,
  type Model,
  type ModelSpec,
  nameRecord,
  RnnkitError,
  recurrentLayers,
  resolveRecurrentLayer,
  validateModel,
} from '@rnnkit/core';
import { encodeModel, makeAttribute, OnnxDataType, type OnnxModel } from '../proto/index.js';
import { emitActivation } from './activations.js';
import { emitConcatStates } from './concat-states.js';
import { GraphBuilder } from './graph-builder.js';
import { maskValueLengths } from './mask-value-lengths.js';
import { type ExportOnnxOptions, irVersionFor, resolveExportOptions } from './options.js';
import { emitRecurrent, type FlowValue, type RecurrentWiring } from './recurrent.js';
import { reverseTimeAxis } from './reverse-time.js';
import { exportedSignature, toValueInfo } from './signature.js';
import { streamingStateNames } from './streaming-state.js';
import { emitPooling, emitSelectStep } from './time-reduce.js';

/**
 * True: an exported model with `maskZero` is exact only for post-padded token sequences (every
 * 0 after every real token); the ORT runner refuses other inputs rather than computing them
 * differently from the spec.
 */
export const maskZeroNeedsPostPadding = true;

export const SPEC_METADATA_KEY = 'rnnkit.spec';
export const OPTIONS_METADATA_KEY = 'rnnkit.export-options';
export const PRODUCER_NAME = 'rnnkit';

/** Builds the OnnxModel (not yet serialized); `exportOnnx` encodes it. */
export function exportOnnxModel(model: Model, options: ExportOnnxOptions = {}): OnnxModel {
  validateModel(model);
  const resolved = resolveExportOptions(options);
  const { spec, weights } = model;
  const builder = new GraphBuilder();
  const signature = exportedSignature(spec, resolved);
  for (const info of [...signature.inputs, ...signature.outputs]) builder.reserve(info.name);
  builder.inputs.push(...signature.inputs.map(toValueInfo));
  builder.outputs.push(...signature.outputs.map(toValueInfo));

  const lengths = sequenceLengths(builder, spec, resolved.opset);
  const layers = recurrentLayers(spec);
  const finalNames: Record<string, { h: string; c?: string }> = nameRecord();

  let value: FlowValue = { name: spec.input.name, sequence: true, timeMajor: false };
  spec.layers.forEach((layer, index) => {
    if (layer.type === 'embedding') {
      // Gather on time-major ids gives time-major embeddings, saving a float transpose.
      const ids = builder.node('Transpose', [value.name], `${layer.name}/ids_tb`, [
        makeAttribute.ints('perm', [1, 0]),
      ]);
      const table = builder.initializer(
        builder.fresh(`${layer.name}/embeddings`),
        [layer.inputDim, layer.outputDim],
        weights.get(`${layer.name}/embeddings`)!.data,
      );
      value = {
        name: builder.node('Gather', [table, ids], `${layer.name}/output`, [
          makeAttribute.int('axis', 0),
        ]),
        sequence: true,
        timeMajor: true,
      };
    } else if (layer.type === 'dense') {
      const kernel = weights.get(`${layer.name}/kernel`)!;
      const kernelName = builder.initializer(
        builder.fresh(`${layer.name}/kernel`),
        kernel.shape,
        kernel.data,
      );
      const bias = (layer.useBias ?? true) ? weights.get(`${layer.name}/bias`)! : undefined;
      const biasName = bias
        ? builder.initializer(builder.fresh(`${layer.name}/bias`), bias.shape, bias.data)
        : undefined;
      let out: string;
      if (!value.sequence && biasName) {
        out = builder.node('Gemm', [value.name, kernelName, biasName], `${layer.name}/linear`);
      } else {
        out = builder.node('MatMul', [value.name, kernelName], `${layer.name}/matmul`);
        if (biasName) out = builder.node('Add', [out, biasName], `${layer.name}/linear`);
      }
      out = emitActivation(builder, layer.activation ?? 'linear', out, `${layer.name}/output`);
      value = { ...value, name: out };
    } else if (layer.type === 'dropout') {
      // Identity at inference: nothing to emit.
    } else if (layer.type === 'selectStep') {
      value = emitSelectStep(builder, layer, value);
    } else if (layer.type === 'pooling') {
      value = emitPooling(builder, layer, value, lengths, resolved.opset);
    } else if (layer.type === 'activation') {
      // Elementwise (softmax / logSoftmax on the last axis): the layout stays as it is.
      value = {
        ...value,
        name: emitActivation(builder, layer.activation, value.name, `${layer.name}/output`),
      };
    } else if (layer.type === 'concatStates') {
      value = emitConcatStates(builder, layer, finalNames);
    } else if (isRecurrentLayer(layer)) {
      const r = layers.find((l) => l.name === layer.name)!;
      if (!value.sequence) {
        throw new RnnkitError('INVALID_SPEC', `layer '${layer.name}' needs a sequence input`, {
          path: `$.layers[${index}]`,
        });
      }
      const wiring: RecurrentWiring = {
        lengths,
        ...initialState(builder, spec, r.name, resolved.streamingState),
      };
      if (resolved.streamingState) {
        const names = streamingStateNames(r.name);
        wiring.finalH = names.hOut;
        if (r.type === 'lstm') wiring.finalC = names.cOut;
      }
      const result = emitRecurrent(
        builder,
        resolveRecurrentLayer(layer, r.inputSize),
        value,
        weights,
        wiring,
      );
      finalNames[r.name] = { h: result.finalH, c: result.finalC };
      value = result.output;
      if (r.returnSequences && r.sequenceOrder === 'processing')
        value = reverseTimeAxis(builder, value, r.name);
    } else {
      const unknown = layer as { type: string; name: string };
      throw new RnnkitError(
        'UNSUPPORTED_FEATURE',
        `the ONNX exporter has no mapping for layer type '${unknown.type}' (layer '${unknown.name}')`,
        {
          feature: `layer type '${unknown.type}'`,
          backend: 'onnx-export',
          path: `$.layers[${index}]`,
        },
      );
    }
  });

  // Main output: batch-major, under the spec's name.
  let out = value.name;
  if (value.sequence && value.timeMajor) {
    out = builder.node('Transpose', [out], `${spec.output.name}/batch_major`, [
      makeAttribute.ints('perm', [1, 0, 2]),
    ]);
  }
  builder.nodeWithOutputs('Identity', [out], [spec.output.name]);

  for (const state of spec.stateOutputs ?? []) {
    const parts = state.layers.map((layerName) => {
      const final = finalNames[layerName];
      const part = state.kind === 'h' ? final?.h : final?.c;
      if (!part) {
        throw new RnnkitError(
          'INVALID_SPEC',
          `state output '${state.name}' names layer '${layerName}' without a '${state.kind}' state`,
          { path: state.name },
        );
      }
      return part;
    });
    if (parts.length === 1) builder.nodeWithOutputs('Identity', parts, [state.name]);
    else builder.nodeWithOutputs('Concat', parts, [state.name], [makeAttribute.int('axis', 0)]);
  }

  return {
    irVersion: irVersionFor(resolved.opset),
    opsetImport: [{ domain: '', version: resolved.opset }],
    producerName: PRODUCER_NAME,
    producerVersion: '0.1.0',
    domain: '',
    modelVersion: 0,
    docString: '',
    graph: builder.graph(spec.name ?? 'rnnkit'),
    metadataProps: [
      { key: SPEC_METADATA_KEY, value: JSON.stringify(spec) },
      { key: OPTIONS_METADATA_KEY, value: JSON.stringify(resolved) },
    ],
  };
}

/** spec + canonical weights -> serialized ONNX model (see the module comment). */
export function exportOnnx(model: Model, options: ExportOnnxOptions = {}): Uint8Array {
  return encodeModel(exportOnnxModel(model, options));
}

/** int32 [batch] lengths for the RNN operators: the spec's input, maskZero's leading tokens or maskValue's leading real steps, or both. */
function sequenceLengths(
  builder: GraphBuilder,
  spec: ModelSpec,
  opset: number,
): string | undefined {
  const first = spec.layers[0];
  const maskValue = spec.input.type === 'features' ? spec.input.maskValue : undefined;
  if (maskValue !== undefined) {
    const fromMask = maskValueLengths(builder, spec.input.name, maskValue, opset);
    const given = spec.sequenceLengths?.name;
    return given ? builder.node('Min', [given, fromMask], 'sequence_lengths') : fromMask;
  }
  const maskZero = first?.type === 'embedding' && first.maskZero === true;
  let fromTokens: string | undefined;
  if (maskZero) {
    // Leading non-zero count = index of the first 0 in [tokens != 0, 0]: ArgMin returns the
    // first minimum, and the appended 0 column makes "no padding" give T.
    const name = first.name;
    const isZero = builder.node(
      'Equal',
      [
        spec.input.name,
        builder.node('Cast', [builder.int64Constant([0], true)], `${name}/zero_id`, [
          makeAttribute.int('to', OnnxDataType.INT32),
        ]),
      ],
      `${name}/is_padding`,
    );
    const real = builder.node(
      'Cast',
      [builder.node('Not', [isZero], `${name}/is_real`)],
      `${name}/real_f`,
      [makeAttribute.int('to', OnnxDataType.FLOAT)],
    );
    const firstColumn = builder.node(
      'Slice',
      [real, builder.int64Constant([0]), builder.int64Constant([1]), builder.int64Constant([1])],
      `${name}/first_column`,
    );
    const zeros = builder.node(
      'Mul',
      [firstColumn, builder.float32Scalar(0)],
      `${name}/zero_column`,
    );
    const padded = builder.node('Concat', [real, zeros], `${name}/real_then_zero`, [
      makeAttribute.int('axis', 1),
    ]);
    const leading = builder.node('ArgMin', [padded], `${name}/leading_real`, [
      makeAttribute.int('axis', 1),
      makeAttribute.int('keepdims', 0),
    ]);
    fromTokens = builder.node('Cast', [leading], `${name}/lengths`, [
      makeAttribute.int('to', OnnxDataType.INT32),
    ]);
  }
  const given = spec.sequenceLengths?.name;
  if (given && fromTokens) return builder.node('Min', [given, fromTokens], 'sequence_lengths');
  return given ?? fromTokens;
}

/** initial_h / initial_c for one layer: its streaming input, or its slice of a spec state input. */
function initialState(
  builder: GraphBuilder,
  spec: ModelSpec,
  layerName: string,
  streaming: boolean,
): Pick<RecurrentWiring, 'initialH' | 'initialC'> {
  const layers = recurrentLayers(spec);
  const layer = layers.find((l) => l.name === layerName)!;
  if (streaming) {
    const names = streamingStateNames(layerName);
    return { initialH: names.hIn, initialC: layer.type === 'lstm' ? names.cIn : undefined };
  }
  const pick = (kind: 'h' | 'c'): string | undefined => {
    const state = (spec.stateInputs ?? []).find(
      (s) => s.kind === kind && s.layers.includes(layerName),
    );
    if (!state) return undefined;
    if (state.layers.length === 1) return state.name;
    let offset = 0;
    for (const name of state.layers) {
      if (name === layerName) break;
      offset += layers.find((l) => l.name === name)?.directions ?? 0;
    }
    return builder.node(
      'Slice',
      [
        state.name,
        builder.int64Constant([offset]),
        builder.int64Constant([offset + layer.directions]),
        builder.int64Constant([0]),
      ],
      `${layerName}/initial_${kind}`,
    );
  };
  return { initialH: pick('h'), initialC: layer.type === 'lstm' ? pick('c') : undefined };
}
