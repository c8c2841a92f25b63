/**
 * rnnkit model -> TF.js layers model (model.json + one weight shard) that `tf.loadLayersModel`
 * loads and runs with the same outputs. What TF.js layers cannot compute the same way is refused:
 * GRU reset_after (its GRUCell rejects it), peepholes, sequence lengths, extra state inputs or
 * outputs, reversed sequences (TF.js's go_backwards emits them in reversed time order),
 * activations TF.js has no name for, and a bidirectional layer whose backward direction has its
 * own activations (tfjs-layers' Bidirectional, src/layers/wrappers.ts, builds its backward layer
 * from the forward layer's config and has no backward_layer option).
 */
import {
  type Activation,
  hasDistinctBackwardActivations,
  isRecurrentLayer,
  layerInputSizes,
  type Model,
  RnnkitError,
  resolveRecurrentLayer,
} from '@rnnkit/core';
import { tfjsActivationName } from '../activations.js';

type Json = Record<string, unknown>;

export interface TfjsLayersArtifacts {
  /** The model.json content (serialise with JSON.stringify). */
  modelJson: {
    format: 'layers-model';
    generatedBy: string;
    convertedBy: null;
    modelTopology: Json;
    weightsManifest: {
      paths: string[];
      weights: { name: string; shape: number[]; dtype: 'float32' }[];
    }[];
  };
  /** The single shard the manifest points to. */
  weightData: Uint8Array;
}

export interface WriteTfjsOptions {
  /** Shard file name written into the manifest; default 'weights.bin'. */
  weightsFileName?: string;
}

function refuse(feature: string, detail: string, path?: string): RnnkitError {
  return new RnnkitError(
    'UNSUPPORTED_FEATURE',
    `TF.js layers cannot express ${feature}: ${detail}`,
    {
      feature,
      backend: 'tfjs-layers',
      path,
    },
  );
}

function activationName(activation: Activation, path: string): string {
  const name = tfjsActivationName(activation);
  if (name === undefined) {
    throw refuse(
      `activation ${JSON.stringify(activation)}`,
      'TF.js layers has no activation computing it',
      path,
    );
  }
  return name;
}

const CLASS = { simpleRnn: 'SimpleRNN', lstm: 'LSTM', gru: 'GRU' } as const;

export function writeTfjsLayersModel(
  model: Model,
  options: WriteTfjsOptions = {},
): TfjsLayersArtifacts {
  const { spec, weights } = model;
  if (spec.sequenceLengths)
    throw refuse(
      'sequence lengths',
      'a layers model has one input; mask with Embedding mask_zero instead',
      '$.sequenceLengths',
    );
  if (spec.stateInputs?.length)
    throw refuse('state inputs', 'a layers model has one input', '$.stateInputs');
  if (spec.stateOutputs?.length)
    throw refuse('state outputs', 'a layers model has one output', '$.stateOutputs');
  const inputSizes = layerInputSizes(spec);
  const time = spec.input.timeSteps ?? null;
  const layerNames = new Set(spec.layers.map((layer) => layer.name));
  // The model's output is named after its last layer, so that layer takes the spec's output name when free.
  const lastName = (index: number, name: string) =>
    index === spec.layers.length - 1 &&
    !layerNames.has(spec.output.name) &&
    spec.output.name !== spec.input.name
      ? spec.output.name
      : name;

  const inputShape = spec.input.type === 'tokens' ? [null, time] : [null, time, spec.input.size];
  const layers: Json[] = [
    {
      class_name: 'InputLayer',
      name: spec.input.name,
      config: {
        name: spec.input.name,
        batch_input_shape: inputShape,
        dtype: 'float32',
        sparse: false,
      },
      inbound_nodes: [],
    },
  ];
  const manifest: { name: string; shape: number[]; dtype: 'float32' }[] = [];
  const chunks: Float32Array[] = [];
  const addWeight = (name: string, data: Float32Array, shape: number[]) => {
    manifest.push({ name, shape, dtype: 'float32' });
    chunks.push(data);
  };
  const take = (name: string) => {
    const found = weights.get(name);
    if (!found)
      throw new RnnkitError('INVALID_WEIGHTS', `weight '${name}' is missing`, { path: name });
    return found;
  };
  let previous = spec.input.name;
  const maskValue = spec.input.type === 'features' ? spec.input.maskValue : undefined;
  if (maskValue !== undefined) {
    const masking = maskingLayer(spec.input.name, maskValue, layerNames);
    layers.push(masking);
    previous = masking.name as string;
  }

  spec.layers.forEach((layer, index) => {
    const path = `$.layers[${index}]`;
    const name = lastName(index, layer.name);
    let entry: Json;
    if (layer.type === 'embedding') {
      entry = {
        class_name: 'Embedding',
        config: {
          name,
          input_dim: layer.inputDim,
          output_dim: layer.outputDim,
          mask_zero: layer.maskZero ?? false,
          ...(time ? { input_length: time } : {}),
        },
      };
      const embeddings = take(`${layer.name}/embeddings`);
      addWeight(`${name}/embeddings`, embeddings.data, embeddings.shape);
    } else if (layer.type === 'dense') {
      const useBias = layer.useBias ?? true;
      entry = {
        class_name: 'Dense',
        config: {
          name,
          units: layer.units,
          activation: activationName(layer.activation ?? 'linear', `${path}.activation`),
          use_bias: useBias,
        },
      };
      const kernel = take(`${layer.name}/kernel`);
      addWeight(`${name}/kernel`, kernel.data, kernel.shape);
      if (useBias) addWeight(`${name}/bias`, take(`${layer.name}/bias`).data, [layer.units]);
    } else if (layer.type === 'dropout') {
      entry = { class_name: 'Dropout', config: { name, rate: layer.rate } };
    } else if (layer.type === 'activation') {
      entry = {
        class_name: 'Activation',
        config: { name, activation: activationName(layer.activation, `${path}.activation`) },
      };
    } else if (layer.type === 'concatStates') {
      throw refuse(
        'a concatStates layer',
        `layer '${layer.name}': TF.js layers models have one output chain; no layer reads other layers' final states`,
        `${path}.type`,
      );
    } else if (layer.type === 'selectStep' || layer.type === 'pooling') {
      throw refuse(
        `a ${layer.type} layer`,
        `layer '${layer.name}': not written to TF.js layers by rnnkit (no TF.js layer selects a step; TF.js pooling ignores the mask)`,
        `${path}.type`,
      );
    } else if (isRecurrentLayer(layer)) {
      const inputSize = inputSizes[index];
      const r = resolveRecurrentLayer(layer, inputSize);
      if (r.peepholes) throw refuse('LSTM peepholes', `layer '${layer.name}'`, `${path}.peepholes`);
      if (hasDistinctBackwardActivations(r)) {
        throw refuse(
          'backward activations',
          `layer '${layer.name}': TF.js layers' Bidirectional copies the forward layer's config to its backward layer (no backward_layer), so both directions share their activations`,
          `${path}.backward`,
        );
      }
      if (r.resetAfter) {
        throw refuse(
          'GRU resetAfter: true',
          `layer '${layer.name}': TF.js layers' GRUCell rejects reset_after; run the model with @rnnkit/tfjs, which computes it`,
          `${path}.resetAfter`,
        );
      }
      if (
        r.direction === 'reverse' &&
        r.returnSequences &&
        r.sequenceOrder === 'time' &&
        time !== 1
      ) {
        throw refuse(
          "a reverse layer returning a time-aligned sequence (sequenceOrder 'time')",
          `layer '${layer.name}': TF.js go_backwards emits the sequence in processing order (sequenceOrder 'processing'), not time-aligned`,
          `${path}.direction`,
        );
      }
      const first = spec.layers[0];
      if (
        r.returnSequences &&
        r.paddedOutputs === 'zero' &&
        ((first.type === 'embedding' && first.maskZero === true) || maskValue !== undefined)
      ) {
        // tfjs-layers' rnn (src/backend/tfjs_backend.ts) writes the held state at masked steps.
        throw refuse(
          "paddedOutputs 'zero'",
          `layer '${layer.name}': TF.js layers repeat the previous output at masked steps ('previous'), they cannot write zeros there`,
          `${path}.paddedOutputs`,
        );
      }
      const cellConfig: Json = {
        name: r.directions === 2 ? `${layer.name}_layer` : name,
        units: r.units,
        activation: activationName(r.activation, `${path}.activation`),
        use_bias: r.useBias,
        return_sequences: r.returnSequences,
        return_state: false,
        go_backwards: r.direction === 'reverse',
        stateful: false,
        unroll: false,
        dropout: 0,
        recurrent_dropout: 0,
      };
      if (r.type !== 'simpleRnn')
        cellConfig.recurrent_activation = activationName(
          r.recurrentActivation,
          `${path}.recurrentActivation`,
        );
      if (r.type === 'gru') cellConfig.reset_after = false;
      const inner = { class_name: CLASS[r.type], config: cellConfig };
      entry =
        r.directions === 2
          ? { class_name: 'Bidirectional', config: { name, layer: inner, merge_mode: r.mergeMode } }
          : inner;
      const sides = r.directions === 2 ? ['forward', 'backward'] : [''];
      for (const side of sides) {
        const from = side ? `${layer.name}/${side}/` : `${layer.name}/`;
        const to = side ? `${name}/${side}_${cellConfig.name}/` : `${name}/`;
        addWeight(`${to}kernel`, take(`${from}kernel`).data, [inputSize, r.gates * r.units]);
        addWeight(`${to}recurrent_kernel`, take(`${from}recurrentKernel`).data, [
          r.units,
          r.gates * r.units,
        ]);
        if (r.useBias) {
          const bias = Float32Array.from(take(`${from}bias`).data);
          // Without reset_after the recurrent bias only ever adds to the input bias, so it folds in.
          if (r.recurrentBias) {
            const recurrentBias = take(`${from}recurrentBias`).data;
            for (let i = 0; i < bias.length; i++) bias[i] += recurrentBias[i];
          }
          addWeight(`${to}bias`, bias, [r.gates * r.units]);
        }
      }
    } else {
      throw refuse(`layer type '${(layer as { type: string }).type}'`, 'unknown layer', path);
    }
    layers.push({ ...entry, name, inbound_nodes: [[[previous, 0, 0, {}]]] });
    previous = name;
  });

  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const data = new Float32Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    data.set(chunk, offset);
    offset += chunk.length;
  }
  const weightsFileName = options.weightsFileName ?? 'weights.bin';
  return {
    modelJson: {
      format: 'layers-model',
      generatedBy: '@rnnkit/keras',
      convertedBy: null,
      modelTopology: {
        class_name: 'Model',
        config: {
          name: spec.name ?? 'rnnkit_model',
          layers,
          input_layers: [[spec.input.name, 0, 0]],
          output_layers: [[previous, 0, 0]],
        },
        keras_version: 'tfjs-layers',
        backend: 'tensor_flow.js',
      },
      weightsManifest: [{ paths: [weightsFileName], weights: manifest }],
    },
    weightData: new Uint8Array(data.buffer),
  };
}

/**
 * A features `maskValue` as TF.js layers' Masking (tfjs-layers src/layers/core.ts `Masking`:
 * the same "every feature equals mask_value" test as Keras), right after the input layer.
 */
function maskingLayer(inputName: string, maskValue: number, taken: ReadonlySet<string>): Json {
  let name = `${inputName}_masking`;
  for (let n = 1; taken.has(name) || name === inputName; n++) name = `${inputName}_masking_${n}`;
  return {
    class_name: 'Masking',
    name,
    config: { name, mask_value: maskValue },
    inbound_nodes: [[[inputName, 0, 0, {}]]],
  };
}
