/**
 * Streaming equivalence: a sequence fed in chunks, each call given the backend's own final state
 * from the call before, must give what one call over the joined sequence gives (forward layers).
 */
import {
  initializeWeights,
  type LayerSpec,
  type Model,
  type ModelSpec,
  runReference,
} from '@rnnkit/core';
import type { MatrixCase } from 'rnnkit';
import { createRandom } from './random.js';
import { randomInputs } from './random-model.js';
import { sliceTime } from './slice-time.js';

const STREAMING_MODELS: { id: string; input: ModelSpec['input']; layers: LayerSpec[] }[] = [
  {
    id: 'streaming-simple-rnn',
    input: { name: 'x', type: 'features', size: 3 },
    layers: [
      { type: 'simpleRnn', name: 'rnn', units: 4, returnSequences: true, recurrentBias: true },
    ],
  },
  {
    id: 'streaming-stacked-lstm',
    input: { name: 'x', type: 'features', size: 3 },
    layers: [
      { type: 'lstm', name: 'lstm0', units: 5, returnSequences: true },
      { type: 'lstm', name: 'lstm1', units: 5, returnSequences: true },
      { type: 'dense', name: 'head', units: 2, activation: 'tanh' },
    ],
  },
  {
    id: 'streaming-gru-language-model',
    input: { name: 'tokens', type: 'tokens' },
    layers: [
      { type: 'embedding', name: 'embedding', inputDim: 11, outputDim: 4 },
      {
        type: 'gru',
        name: 'gru',
        units: 6,
        resetAfter: true,
        recurrentBias: true,
        returnSequences: true,
      },
      { type: 'dense', name: 'head', units: 11, activation: 'softmax' },
    ],
  },
  {
    id: 'streaming-gru-reset-before-last-step',
    input: { name: 'x', type: 'features', size: 2 },
    layers: [{ type: 'gru', name: 'gru', units: 3, resetAfter: false }],
  },
];

export function streamingCases(): MatrixCase[] {
  return STREAMING_MODELS.map(({ id, input, layers }, index) => {
    const spec: ModelSpec = {
      format: 'rnnkit-model',
      formatVersion: 1,
      name: id,
      input,
      layers,
      output: { name: 'y' },
    };
    const model: Model = { spec, weights: initializeWeights(spec, { seed: 300 + index }) };
    const time = 9;
    const whole = randomInputs(model, createRandom(400 + index), { batch: 2, time });
    const full = runReference(model, whole);
    const cuts = [0, 4, 7, time];
    const chunks = cuts
      .slice(1)
      .map((end, i) => ({ [input.name]: sliceTime(whole[input.name], cuts[i], end) }));
    const mainOutput = full.outputs.y;
    const sequenceOutput = mainOutput.shape.length === 3;
    return {
      id,
      group: 'streaming',
      description: `${layers.map((l) => l.type).join(' > ')} fed as chunks of ${cuts
        .slice(1)
        .map((c, i) => c - cuts[i])
        .join('+')} steps`,
      model,
      leadingChunks: chunks.slice(0, -1),
      inputs: chunks[chunks.length - 1],
      expected: { y: sequenceOutput ? sliceTime(mainOutput, cuts[2], time) : mainOutput },
      expectedState: full.state,
      source: 'reference',
    };
  });
}
