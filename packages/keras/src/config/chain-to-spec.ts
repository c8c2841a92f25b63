/**
 * A Keras layer chain -> rnnkit spec, plus the plan for finding each layer's weights.
 * Every Keras option that changes the computation is either mapped exactly or refused.
 */
import type {
  Activation,
  BackwardActivations,
  DenseLayer,
  LayerSpec,
  ModelSpec,
  RecurrentLayer,
} from '@rnnkit/core';
import { kerasActivation } from '../activations.js';
import { modelFormat, unsupportedLayer } from '../errors.js';
import type { KerasFlavor } from '../keras-version.js';
import { backwardLayerActivations } from './backward-layer.js';
import type { KerasChain, KerasLayer } from './model-config.js';

export type RecurrentType = RecurrentLayer['type'];

export type WeightPlan =
  | { kind: 'embedding'; specName: string; kerasName: string }
  | { kind: 'dense'; specName: string; kerasName: string; useBias: boolean }
  | {
      kind: 'recurrent';
      specName: string;
      kerasName: string;
      type: RecurrentType;
      units: number;
      bidirectional: boolean;
      useBias: boolean;
      resetAfter: boolean;
    };

export interface ChainSpec {
  spec: ModelSpec;
  plan: WeightPlan[];
}

const RECURRENT_CLASSES: Record<string, RecurrentType> = {
  SimpleRNN: 'simpleRnn',
  LSTM: 'lstm',
  GRU: 'gru',
};
const IDENTITY_CLASSES = new Set(['Dropout', 'SpatialDropout1D']);

type Json = Record<string, unknown>;

interface RecurrentRead {
  layer: RecurrentLayer;
  goBackwards: boolean;
  useBias: boolean;
  resetAfter: boolean;
  zeroOutputForMask: boolean;
}

function bool(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

function positiveInt(value: unknown, className: string, name: string, field: string): number {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  throw modelFormat(
    `Keras layer ${className} '${name}' has no valid ${field} (got ${JSON.stringify(value)})`,
    `${name}.${field}`,
  );
}

/** One recurrent layer's config; Keras 1 spells units `output_dim` and the gate activation `inner_activation`. */
function readRecurrent(
  className: string,
  config: Json,
  specName: string,
  flavor: KerasFlavor,
): RecurrentRead {
  const type = RECURRENT_CLASSES[className];
  const name = typeof config.name === 'string' ? config.name : specName;
  const units = positiveInt(config.units ?? config.output_dim, className, name, 'units');
  if (bool(config.return_state, false))
    throw unsupportedLayer(className, name, 'return_state=True gives several outputs');
  if (bool(config.time_major, false)) throw unsupportedLayer(className, name, 'time_major=True');
  const path = `${name}.activation`;
  const activation = kerasActivation(config.activation ?? 'tanh', flavor, path);
  const useBias = flavor === 'keras1' ? true : bool(config.use_bias, true);
  // GRU reset_after arrived with Keras 2.1.3 (default False) and became the default in TF2 and Keras 3.
  const resetAfter = type === 'gru' ? bool(config.reset_after, flavor === 'keras3') : false;
  if (activation === 'softmax')
    throw unsupportedLayer(className, name, 'softmax as a recurrent activation');
  const layer = { type, name: specName, units, activation } as RecurrentLayer;
  if (type !== 'simpleRnn') {
    const defaultGate = flavor === 'keras3' ? 'sigmoid' : 'hard_sigmoid';
    const gate = kerasActivation(
      config.recurrent_activation ?? config.inner_activation ?? defaultGate,
      flavor,
      `${name}.recurrent_activation`,
    );
    if (gate === 'softmax')
      throw unsupportedLayer(className, name, 'softmax as a recurrent activation');
    (layer as { recurrentActivation?: Activation }).recurrentActivation = gate;
  }
  if (type === 'gru') (layer as { resetAfter: boolean }).resetAfter = resetAfter;
  if (!useBias) layer.useBias = false;
  if (resetAfter && useBias) layer.recurrentBias = true;
  layer.returnSequences = bool(config.return_sequences, false);
  return {
    layer,
    goBackwards: bool(config.go_backwards, false),
    useBias,
    resetAfter,
    zeroOutputForMask: bool(config.zero_output_for_mask, false),
  };
}

/**
 * Under a mask (only a model that can pad needs the field), a plain masked Keras layer repeats its previous output at masked steps (`zero_output_for_mask`
 * defaults to False: keras/src/layers/rnn/rnn.py; the masked step in
 * keras/src/backend/tensorflow/rnn.py `rnn` starts that output at zeros). tf.keras 2 and Keras 3's
 * Bidirectional force `zero_output_for_mask = return_sequences` on both layers
 * (keras/src/layers/rnn/bidirectional.py, tensorflow/python/keras/layers/wrappers.py), so theirs
 * are zeros. Keras 1 has no such forcing, and TF.js layers' `rnn` (tfjs-layers
 * src/backend/tfjs_backend.ts) keeps the held state for every masked output, which is the
 * previous output when the initial state is zero (the only one an imported model starts from).
 */
function setPaddedOutputs(
  layers: LayerSpec[],
  flavor: KerasFlavor,
  zeroOutputForMask: ReadonlySet<string>,
): void {
  for (const layer of layers) {
    if (!isRecurrent(layer) || !layer.returnSequences) continue;
    // A plain layer saved with zero_output_for_mask=True (tf.keras 2 and Keras 3 take the
    // argument and pass it to backend.rnn) writes zeros too.
    const zero =
      (flavor === 'keras2' || flavor === 'keras3') &&
      (layer.direction === 'bidirectional' || zeroOutputForMask.has(layer.name));
    layer.paddedOutputs = zero ? 'zero' : 'previous';
  }
}

function isRecurrent(layer: LayerSpec): layer is RecurrentLayer {
  return layer.type === 'simpleRnn' || layer.type === 'lstm' || layer.type === 'gru';
}

export function chainToSpec(
  chain: KerasChain,
  flavor: KerasFlavor,
  options: { featureSizeHint?: number } = {},
): ChainSpec {
  const layers: LayerSpec[] = [];
  const plan: WeightPlan[] = [];
  const zeroOutputForMask = new Set<string>();
  const shape = chain.inputShape;
  const timeDim = shape && shape.length >= 2 ? shape[1] : null;
  const timeSteps = typeof timeDim === 'number' && timeDim > 0 ? timeDim : undefined;
  const tokens = chain.layers[0]?.className === 'Embedding';
  // Whether a mask reaches the layers: Embedding(mask_zero), or Masking on float inputs.
  const maskValue = readMaskingLayer(chain);
  const masked =
    (tokens && bool(chain.layers[0]?.config.mask_zero, false)) || maskValue !== undefined;

  chain.layers.forEach((kerasLayer, index) => {
    const { className, name, config } = kerasLayer;
    if (className === 'InputLayer')
      throw unsupportedLayer(className, name, 'an InputLayer inside the chain');
    if (className === 'Embedding') {
      if (index !== 0)
        throw unsupportedLayer(className, name, 'an Embedding must be the first layer');
      const inputDim = positiveInt(config.input_dim, className, name, 'input_dim');
      const outputDim = positiveInt(config.output_dim, className, name, 'output_dim');
      layers.push({
        type: 'embedding',
        name,
        inputDim,
        outputDim,
        ...(bool(config.mask_zero, false) ? { maskZero: true } : {}),
      });
      plan.push({ kind: 'embedding', specName: name, kerasName: name });
      return;
    }
    if (Object.hasOwn(RECURRENT_CLASSES, className)) {
      const read = readRecurrent(className, config, name, flavor);
      if (read.zeroOutputForMask) zeroOutputForMask.add(name);
      if (read.goBackwards) {
        read.layer.direction = 'reverse';
        // Keras returns a go_backwards sequence in processing order (reversed time), unflipped
        // (keras/src/layers/rnn/rnn.py; Keras 2 recurrent.py); the spec says so explicitly.
        if (read.layer.returnSequences) read.layer.sequenceOrder = 'processing';
      }
      layers.push(read.layer);
      plan.push({
        kind: 'recurrent',
        specName: name,
        kerasName: name,
        type: read.layer.type,
        units: read.layer.units,
        bidirectional: false,
        useBias: read.useBias,
        resetAfter: read.resetAfter,
      });
      return;
    }
    if (className === 'Bidirectional') {
      layers.push(readBidirectional(kerasLayer, flavor, plan));
      return;
    }
    if (className === 'Dense') {
      const units = positiveInt(config.units ?? config.output_dim, className, name, 'units');
      const useBias = flavor === 'keras1' ? bool(config.bias, true) : bool(config.use_bias, true);
      const dense: DenseLayer = {
        type: 'dense',
        name,
        units,
        activation: kerasActivation(config.activation, flavor, `${name}.activation`),
      };
      if (!useBias) dense.useBias = false;
      layers.push(dense);
      plan.push({ kind: 'dense', specName: name, kerasName: name, useBias });
      return;
    }
    if (IDENTITY_CLASSES.has(className)) {
      const rate = config.rate ?? config.p ?? 0;
      layers.push({ type: 'dropout', name, rate: typeof rate === 'number' ? rate : 0 });
      return;
    }
    if (className === 'Activation') {
      const activation = kerasActivation(config.activation, flavor, `${name}.activation`);
      if (activation === 'linear') return;
      // Dropout is the identity at inference, so an activation after Dense+Dropout still folds.
      const previous = [...layers].reverse().find((layer) => layer.type !== 'dropout');
      if (previous?.type === 'dense' && (previous.activation ?? 'linear') === 'linear') {
        previous.activation = activation;
        return;
      }
      // Anywhere else (after a recurrent layer, pooling, another activation): its own layer,
      // applied to every position as Keras's Activation does (it ignores the mask).
      layers.push({ type: 'activation', name, activation });
      return;
    }
    if (className === 'TimeDistributed') {
      // TimeDistributed(Dense) applies the Dense to every step, which a spec dense does on a
      // sequence; its weights are stored under the wrapper's name.
      const inner = config.layer as Json | undefined;
      if (
        inner?.class_name !== 'Dense' ||
        typeof inner.config !== 'object' ||
        inner.config === null
      ) {
        throw unsupportedLayer(
          className,
          name,
          `it wraps a ${String(inner?.class_name)}; only TimeDistributed(Dense) is imported`,
        );
      }
      const innerConfig = inner.config as Json;
      const units = positiveInt(
        innerConfig.units ?? innerConfig.output_dim,
        className,
        name,
        'units',
      );
      const useBias = bool(innerConfig.use_bias ?? innerConfig.bias, true);
      const dense: DenseLayer = {
        type: 'dense',
        name,
        units,
        activation: kerasActivation(innerConfig.activation, flavor, `${name}.activation`),
      };
      if (!useBias) dense.useBias = false;
      layers.push(dense);
      plan.push({ kind: 'dense', specName: name, kerasName: name, useBias });
      return;
    }
    if (className === 'GlobalAveragePooling1D' || className === 'GlobalMaxPooling1D') {
      if ((config.data_format ?? 'channels_last') !== 'channels_last')
        throw unsupportedLayer(className, name, `data_format=${String(config.data_format)}`);
      if (bool(config.keepdims, false)) throw unsupportedLayer(className, name, 'keepdims=True');
      // Keras's average skips masked steps (sum / count of real steps); its max ignores the mask
      // (keras/src/layers/pooling/global_{average,max}_pooling1d.py).
      const mean = className === 'GlobalAveragePooling1D';
      layers.push({
        type: 'pooling',
        name,
        mode: mean ? 'mean' : 'max',
        steps: mean && masked ? 'real' : 'all',
      });
      return;
    }
    if (className === 'Masking') {
      // Read by readMaskingLayer: it becomes the input's maskValue, not a layer.
      return;
    }
    throw unsupportedLayer(className, name);
  });

  const first = layers[0];
  if ((first?.type === 'embedding' && first.maskZero) || maskValue !== undefined)
    setPaddedOutputs(layers, flavor, zeroOutputForMask);
  if (
    !layers.some(
      (layer) => layer.type === 'simpleRnn' || layer.type === 'lstm' || layer.type === 'gru',
    )
  ) {
    throw modelFormat(
      'the Keras model has no SimpleRNN, LSTM, GRU or Bidirectional layer',
      '$.config.layers',
    );
  }
  const outputName = chain.layers[chain.layers.length - 1].name;
  const input = tokens
    ? { name: chain.inputName, type: 'tokens' as const, ...(timeSteps ? { timeSteps } : {}) }
    : {
        name: chain.inputName,
        type: 'features' as const,
        size: featureSize(chain, options.featureSizeHint),
        ...(timeSteps ? { timeSteps } : {}),
        ...(maskValue !== undefined ? { maskValue } : {}),
      };
  const spec: ModelSpec = {
    format: 'rnnkit-model',
    formatVersion: 1,
    input,
    layers,
    output: { name: outputName },
  };
  return { spec, plan };
}

function featureSize(chain: KerasChain, hint: number | undefined): number {
  const shape = chain.inputShape;
  if (shape && shape.length !== 3) {
    throw modelFormat(
      `the model input '${chain.inputName}' has shape ${JSON.stringify(shape)}; a recurrent model needs [batch, time, features]`,
      chain.inputName,
    );
  }
  const last = shape?.[2];
  if (typeof last === 'number' && last > 0) return last;
  if (hint !== undefined) return hint;
  throw modelFormat(
    `the model input '${chain.inputName}' has no declared feature size`,
    chain.inputName,
  );
}

function readBidirectional(
  kerasLayer: KerasLayer,
  flavor: KerasFlavor,
  plan: WeightPlan[],
): RecurrentLayer {
  const { name, config } = kerasLayer;
  const inner = config.layer as Json | undefined;
  const innerClass = typeof inner?.class_name === 'string' ? inner.class_name : '?';
  if (!Object.hasOwn(RECURRENT_CLASSES, innerClass) || typeof inner?.config !== 'object') {
    throw unsupportedLayer(
      'Bidirectional',
      name,
      `it wraps a ${innerClass}; only SimpleRNN, LSTM and GRU are imported`,
    );
  }
  const mergeMode = config.merge_mode === undefined ? 'concat' : config.merge_mode;
  if (mergeMode !== 'concat' && mergeMode !== 'sum' && mergeMode !== 'ave' && mergeMode !== 'mul') {
    throw unsupportedLayer(
      'Bidirectional',
      name,
      `merge_mode ${JSON.stringify(mergeMode)} (rnnkit merges with concat, sum, ave or mul)`,
    );
  }
  const forward = readRecurrent(innerClass, inner.config as Json, name, flavor);
  if (forward.goBackwards)
    throw unsupportedLayer('Bidirectional', name, 'its forward layer has go_backwards=True');
  const backwardConfig = config.backward_layer as Json | undefined;
  let backwardActivations: BackwardActivations | undefined;
  if (backwardConfig !== undefined && backwardConfig !== null) {
    // Keras 3 (and Keras 2 with an explicit backward_layer) spells the backward layer out.
    const backwardClass = backwardConfig.class_name;
    if (backwardClass !== innerClass || typeof backwardConfig.config !== 'object') {
      throw unsupportedLayer(
        'Bidirectional',
        name,
        `its backward layer is a ${String(backwardClass)}, its forward layer a ${innerClass}`,
      );
    }
    const backward = readRecurrent(innerClass, backwardConfig.config as Json, name, flavor);
    if (!backward.goBackwards)
      throw unsupportedLayer('Bidirectional', name, 'its backward layer has go_backwards=False');
    // Only the activations may differ (see backward-layer.ts); they become the spec's `backward`.
    backwardActivations = backwardLayerActivations(name, forward.layer, backward.layer);
    if (backwardActivations && flavor === 'tfjs') {
      // tfjs-layers' Bidirectional.fromConfig (src/layers/wrappers.ts) ignores backward_layer and
      // mirrors the forward layer, so TF.js itself would not compute these activations.
      throw unsupportedLayer(
        'Bidirectional',
        name,
        'its backward_layer has other activations, which TF.js layers ignores (it mirrors the forward layer); the file is ambiguous',
      );
    }
  }
  const layer = forward.layer;
  layer.direction = 'bidirectional';
  if (backwardActivations) layer.backward = backwardActivations;
  if (mergeMode !== 'concat') layer.mergeMode = mergeMode;
  plan.push({
    kind: 'recurrent',
    specName: name,
    kerasName: name,
    type: layer.type,
    units: layer.units,
    bidirectional: true,
    useBias: forward.useBias,
    resetAfter: forward.resetAfter,
  });
  return layer;
}

/**
 * Keras `Masking(mask_value=v)` as the first layer of a float-input model becomes the input's
 * `maskValue`: a step is masked when every feature equals v (keras/src/layers/core/masking.py,
 * tf.keras 2 and Keras 1 alike; `mask_value` defaults to 0.0). Its output (the inputs times the
 * mask) differs from its input only at masked steps, which every later recurrent layer skips. A
 * Masking anywhere else would mask a computed value, which the spec cannot express.
 */
function readMaskingLayer(chain: KerasChain): number | undefined {
  let maskValue: number | undefined;
  chain.layers.forEach(({ className, name, config }, index) => {
    if (className !== 'Masking') return;
    if (index !== 0)
      throw unsupportedLayer(className, name, 'a Masking layer must be the first layer');
    const value = config.mask_value === undefined ? 0 : config.mask_value;
    if (typeof value !== 'number' || !Number.isFinite(Math.fround(value))) {
      throw unsupportedLayer(
        className,
        name,
        `mask_value ${JSON.stringify(value)} (rnnkit masks with a finite float32 number)`,
      );
    }
    maskValue = value;
  });
  return maskValue;
}
