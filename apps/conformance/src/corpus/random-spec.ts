/**
 * Random specs over every feature the spec has: each layer type, direction and merge mode,
 * stacking, activations with their parameters, peepholes, both GRU reset placements, biases,
 * Dense heads, dropout, token inputs with maskZero, sequence lengths (with both paddedOutputs),
 * named state inputs/outputs.
 * Sizes stay tiny so hundreds of cases run in seconds on every backend.
 */
import type {
  Activation,
  LayerSpec,
  ModelSpec,
  RecurrentLayer,
  StateTensorSpec,
} from '@rnnkit/core';
import type { Random } from './random.js';

const RECURRENT_ACTIVATIONS: Activation[] = [
  'tanh',
  'relu',
  'sigmoid',
  'softsign',
  { name: 'hardSigmoid', alpha: 0.2, beta: 0.5 },
  { name: 'leakyRelu', alpha: 0.1 },
  { name: 'elu', alpha: 1 },
  { name: 'scaledTanh', alpha: 1.2, beta: 0.7 },
];
const GATE_ACTIVATIONS: Activation[] = [
  'sigmoid',
  { name: 'hardSigmoid', alpha: 0.2, beta: 0.5 },
  { name: 'hardSigmoid', alpha: 1 / 6, beta: 0.5 },
];
const DENSE_ACTIVATIONS: Activation[] = ['linear', 'relu', 'sigmoid', 'tanh', 'softmax'];

export function randomSpec(random: Random, id: string): ModelSpec {
  const tokens = random.chance(0.35);
  const layers: LayerSpec[] = [];
  if (tokens) {
    layers.push({
      type: 'embedding',
      name: 'embedding',
      inputDim: random.integer(3, 9),
      outputDim: random.integer(1, 5),
      maskZero: random.chance(0.4),
    });
  }
  const recurrentCount = random.chance(0.3) ? 2 : 1;
  const units = random.integer(1, 5);
  // Stacked layers share their units so a PyTorch-style stacked state tensor is possible.
  for (let index = 0; index < recurrentCount; index++) {
    const last = index === recurrentCount - 1;
    layers.push(
      randomRecurrentLayer(random, `rnn${index}`, units, last ? random.chance(0.5) : true),
    );
    if (!last && random.chance(0.2))
      layers.push({ type: 'dropout', name: `dropout${index}`, rate: 0.25 });
  }
  if (random.chance(0.6)) {
    layers.push({
      type: 'dense',
      name: 'head',
      units: random.integer(1, 4),
      activation: random.pick(DENSE_ACTIVATIONS),
      useBias: random.chance(0.8),
    });
  }
  const recurrentNames = layers.filter(isRecurrent).map((layer) => layer.name);
  const spec: ModelSpec = {
    format: 'rnnkit-model',
    formatVersion: 1,
    name: id,
    input: tokens
      ? { name: 'tokens', type: 'tokens' }
      : { name: 'features', type: 'features', size: random.integer(1, 4) },
    layers,
    output: { name: 'output' },
  };
  if (random.chance(0.3)) spec.sequenceLengths = { name: 'lengths' };
  if (random.chance(0.25)) spec.stateInputs = stateTensors(layers, recurrentNames, 'initial');
  if (random.chance(0.25)) spec.stateOutputs = stateTensors(layers, recurrentNames, 'final');
  setPaddedOutputs(spec, id);
  return spec;
}

/**
 * Every sequence-returning layer of a model that can pad says what its padded steps hold. Chosen
 * from the case id rather than drawn, so the random stream (and every older case) is unchanged.
 */
function setPaddedOutputs(spec: ModelSpec, id: string): void {
  const first = spec.layers[0];
  const maskZero = first.type === 'embedding' && first.maskZero === true;
  if (!maskZero && spec.sequenceLengths === undefined) return;
  let salt = [...id].reduce((sum, char) => sum + char.charCodeAt(0), 0);
  for (const layer of spec.layers) {
    if (!isRecurrent(layer) || !layer.returnSequences) continue;
    layer.paddedOutputs = salt++ % 2 === 0 ? 'zero' : 'previous';
  }
}

function isRecurrent(layer: LayerSpec): layer is RecurrentLayer {
  return layer.type === 'simpleRnn' || layer.type === 'lstm' || layer.type === 'gru';
}

function randomRecurrentLayer(
  random: Random,
  name: string,
  units: number,
  returnSequences: boolean,
): RecurrentLayer {
  const type = random.pick(['simpleRnn', 'lstm', 'gru'] as const);
  const direction = random.pick(['forward', 'forward', 'reverse', 'bidirectional'] as const);
  const useBias = random.chance(0.85);
  const base = {
    name,
    units,
    direction,
    returnSequences,
    ...(useBias ? { recurrentBias: random.chance(0.5) } : { useBias }),
    activation: random.chance(0.6) ? ('tanh' as const) : random.pick(RECURRENT_ACTIVATIONS),
    ...(direction === 'bidirectional'
      ? { mergeMode: random.pick(['concat', 'sum', 'ave', 'mul'] as const) }
      : {}),
  };
  if (type === 'simpleRnn') return { type, ...base };
  const recurrentActivation = random.chance(0.6)
    ? ('sigmoid' as const)
    : random.pick(GATE_ACTIVATIONS);
  if (type === 'lstm') return { type, ...base, recurrentActivation, peepholes: random.chance(0.3) };
  return { type, ...base, recurrentActivation, resetAfter: random.chance(0.5) };
}

/** Either one tensor per layer (Keras style) or one stacked tensor over all layers (PyTorch style). */
function stateTensors(layers: LayerSpec[], names: string[], prefix: string): StateTensorSpec[] {
  const lstm = names.every((name) => layers.find((layer) => layer.name === name)?.type === 'lstm');
  const kinds: ('h' | 'c')[] = lstm ? ['h', 'c'] : ['h'];
  return kinds.map((kind) => ({ name: `${prefix}_${kind}`, kind, layers: names }));
}
