/**
 * Baseline 1: the same model written with stock `tf.layers` (tf.sequential), weights copied in
 * with `layer.setWeights` (Keras layout = rnnkit's canonical layout), run on the same tfjs backend.
 * Models tf.layers cannot express throw NotExpressible with the reason (GRU resetAfter=true,
 * reverse-only layers, peepholes, parameterised activations, state inputs).
 */
import {
  type Activation,
  hasDistinctBackwardActivations,
  isRecurrentLayer,
  type Model,
  recurrentLayers,
  type Tensor,
} from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs';
import { type Baseline, NotExpressible } from './baseline.js';

const PLAIN = new Set(['linear', 'relu', 'tanh', 'sigmoid', 'softmax', 'softsign', 'softplus']);

function activation(value: Activation | undefined, fallback: string, where: string): string {
  const name = value ?? fallback;
  if (typeof name !== 'string' || !PLAIN.has(name))
    throw new NotExpressible(`${where}: activation ${JSON.stringify(name)} has no tf.layers name`);
  return name;
}

function weight(model: Model, name: string): tf.Tensor {
  const w = model.weights.get(name);
  if (!w) throw new Error(`weight ${name} missing`);
  return tf.tensor(w.data, w.shape, 'float32');
}

/** Keras has one bias; every rnnkit recurrent bias that tf.layers lacks is additive, so fold it. */
function recurrentWeights(
  model: Model,
  prefix: string,
  useBias: boolean,
  recurrentBias: boolean,
): tf.Tensor[] {
  const list = [weight(model, `${prefix}kernel`), weight(model, `${prefix}recurrentKernel`)];
  if (useBias) {
    const bias = model.weights.get(`${prefix}bias`)!;
    const sum = Float32Array.from(bias.data);
    if (recurrentBias) {
      const rb = model.weights.get(`${prefix}recurrentBias`)!.data;
      for (let i = 0; i < sum.length; i++) sum[i] += rb[i];
    }
    list.push(tf.tensor(sum, bias.shape, 'float32'));
  }
  return list;
}

export function buildTfLayersModel(model: Model): tf.Sequential {
  const { spec } = model;
  if (spec.stateInputs?.length || spec.sequenceLengths)
    throw new NotExpressible('state inputs / sequence lengths are not a tf.sequential input');
  const resolved = new Map(recurrentLayers(spec).map((r) => [r.name, r]));
  const seq = tf.sequential();
  const pending: [tf.layers.Layer, tf.Tensor[]][] = [];
  spec.layers.forEach((layer, index) => {
    const first =
      index === 0
        ? spec.input.type === 'features'
          ? { inputShape: [null, spec.input.size] }
          : { inputShape: [null] }
        : {};
    if (layer.type === 'embedding') {
      const l = tf.layers.embedding({
        ...first,
        inputDim: layer.inputDim,
        outputDim: layer.outputDim,
        maskZero: layer.maskZero ?? false,
      } as Parameters<typeof tf.layers.embedding>[0]);
      seq.add(l);
      pending.push([l, [weight(model, `${layer.name}/embeddings`)]]);
    } else if (layer.type === 'dense') {
      const useBias = layer.useBias ?? true;
      const l = tf.layers.dense({
        ...first,
        units: layer.units,
        activation: activation(layer.activation, 'linear', layer.name),
        useBias,
      } as Parameters<typeof tf.layers.dense>[0]);
      seq.add(l);
      const ws = [weight(model, `${layer.name}/kernel`)];
      if (useBias) ws.push(weight(model, `${layer.name}/bias`));
      pending.push([l, ws]);
    } else if (layer.type === 'dropout') {
      seq.add(
        tf.layers.dropout({ ...first, rate: layer.rate } as Parameters<
          typeof tf.layers.dropout
        >[0]),
      );
    } else if (isRecurrentLayer(layer)) {
      const r = resolved.get(layer.name)!;
      if (r.peepholes) throw new NotExpressible(`${r.name}: tf.layers LSTM has no peepholes`);
      if (hasDistinctBackwardActivations(r))
        throw new NotExpressible(`${r.name}: tf.layers Bidirectional has no backward_layer`);
      if (r.type === 'gru' && r.resetAfter)
        throw new NotExpressible(`${r.name}: tf.layers GRU refuses reset_after=true`);
      if (r.direction === 'reverse')
        throw new NotExpressible(
          `${r.name}: reverse-only layers output reversed time in tf.layers`,
        );
      // Zero initialisers: the weights are overwritten, and tf.js's orthogonal init is slow.
      const common = {
        kernelInitializer: 'zeros',
        recurrentInitializer: 'zeros',
        units: r.units,
        activation: activation(r.activation, 'tanh', r.name),
        returnSequences: r.returnSequences,
        useBias: r.useBias,
      };
      const make = (extra: object) => {
        const args = { ...common, ...extra };
        if (r.type === 'simpleRnn')
          return tf.layers.simpleRNN(args as Parameters<typeof tf.layers.simpleRNN>[0]);
        // tf.js defaults recurrentActivation to hardSigmoid; rnnkit's default is sigmoid.
        const gated = {
          ...args,
          recurrentActivation: activation(r.recurrentActivation, 'sigmoid', r.name),
        };
        if (r.type === 'lstm') return tf.layers.lstm(gated as Parameters<typeof tf.layers.lstm>[0]);
        return tf.layers.gru({ ...gated, resetAfter: false } as Parameters<
          typeof tf.layers.gru
        >[0]);
      };
      if (r.directions === 2) {
        const l = tf.layers.bidirectional({
          ...first,
          layer: make({}) as never,
          mergeMode: r.mergeMode,
        } as Parameters<typeof tf.layers.bidirectional>[0]);
        seq.add(l);
        pending.push([
          l,
          [
            ...recurrentWeights(model, `${r.name}/forward/`, r.useBias, r.recurrentBias),
            ...recurrentWeights(model, `${r.name}/backward/`, r.useBias, r.recurrentBias),
          ],
        ]);
      } else {
        const l = make(first);
        seq.add(l);
        pending.push([l, recurrentWeights(model, `${r.name}/`, r.useBias, r.recurrentBias)]);
      }
    }
  });
  for (const [l, ws] of pending) {
    l.setWeights(ws);
    tf.dispose(ws);
  }
  return seq;
}

export async function createTfLayersBaseline(
  model: Model,
  backend: 'cpu' | 'wasm',
): Promise<Baseline> {
  await tf.setBackend(backend);
  const seq = buildTfLayersModel(model);
  const activate = async () => {
    // rnnkit's tfjs backend switches the active backend around its own work.
    if (tf.getBackend() !== backend) await tf.setBackend(backend);
  };
  const forward = async (input: Tensor): Promise<Float32Array> => {
    await activate();
    const x = tf.tensor(
      input.data as Float32Array | Int32Array,
      [...input.shape],
      input.dtype === 'float32' ? 'float32' : 'int32',
    );
    const y = seq.predict(x) as tf.Tensor;
    const out = (await y.data()) as Float32Array;
    tf.dispose([x, y]);
    return out;
  };
  return {
    kind: 'tf.layers',
    run: forward,
    generate: async () => {
      throw new NotExpressible(
        'streaming generation needs a stateful tf.layers model (not built here)',
      );
    },
    dispose: async () => {
      seq.dispose();
    },
  };
}
