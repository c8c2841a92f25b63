import { buildCharVocabulary, type ModelSpec } from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { resizeSpecForVocabulary, textDataset } from './text-dataset.js';
import { createTrainProgress } from './train-progress.js';

const oneHot: ModelSpec = {
  format: 'rnnkit-model',
  formatVersion: 1,
  input: { name: 'x', type: 'features', size: 1 },
  layers: [
    { type: 'simpleRnn', name: 'rnn', units: 3, returnSequences: true },
    { type: 'dense', name: 'dense', units: 1, activation: 'softmax' },
  ],
  output: { name: 'y' },
};

describe('textDataset', () => {
  // 'abcab\n' -> vocabulary ['\n', 'a', 'b', 'c'] -> ids 1 2 3 1 2 0
  const vocabulary = buildCharVocabulary('abcab\n');

  it('cuts windows whose targets are the next characters (per-step outputs, one-hot inputs)', () => {
    const spec = resizeSpecForVocabulary(oneHot, 4);
    expect(spec.input).toEqual({ name: 'x', type: 'features', size: 4 });
    const { inputs, targets } = textDataset(
      spec,
      vocabulary,
      'abcab\n',
      { sequenceLength: 2, stride: 2 },
      'corpus',
    );
    // windows at 0 and 2: [a b] -> [b c], [c a] -> [a b]; a third at 4 would need a 7th character
    expect(targets.shape).toEqual([2, 2]);
    expect(Array.from(targets.data as Int32Array)).toEqual([2, 3, 1, 2]);
    expect(inputs.x.shape).toEqual([2, 2, 4]);
    expect(Array.from(inputs.x.data as Float32Array)).toEqual([
      0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0,
    ]);
  });

  it('gives last-step models the character after each window, token models ids', () => {
    const spec: ModelSpec = resizeSpecForVocabulary(
      {
        ...oneHot,
        input: { name: 't', type: 'tokens' },
        layers: [
          { type: 'embedding', name: 'e', inputDim: 1, outputDim: 2 },
          { type: 'gru', name: 'g', units: 2, resetAfter: true },
          oneHot.layers[1],
        ],
      },
      4,
    );
    const { inputs, targets } = textDataset(
      spec,
      vocabulary,
      'abcab\n',
      { sequenceLength: 3, stride: 1 },
      'corpus',
    );
    expect(inputs.t.shape).toEqual([3, 3]);
    expect(Array.from(inputs.t.data as Int32Array)).toEqual([1, 2, 3, 2, 3, 1, 3, 1, 2]);
    expect(Array.from(targets.data as Int32Array)).toEqual([1, 2, 0]);
  });

  it('refuses a corpus shorter than one window', () => {
    expect(() =>
      textDataset(
        resizeSpecForVocabulary(oneHot, 4),
        vocabulary,
        'abcab\n',
        { sequenceLength: 6, stride: 1 },
        'corpus',
      ),
    ).toThrow(/too few for one window of 6/);
  });
});

describe('train progress', () => {
  const event = (step: number) => ({
    epoch: 1,
    step,
    steps: 2,
    loss: 0.5,
    metrics: { accuracy: 0.75 },
  });

  it('prints one line per epoch when not on a terminal', () => {
    let text = '';
    const progress = createTrainProgress(
      (t) => (text += t),
      { isTTY: false },
      () => 1000,
    );
    progress.batch(event(1), 3);
    progress.batch(event(2), 3);
    progress.epoch({ epoch: 1, epochs: 3, logs: { loss: 0.5, accuracy: 0.75 } });
    expect(text).toBe('epoch 1/3  loss 0.5000  accuracy 0.7500  (0.0 s)\n');
  });

  it('draws a bar with step, loss, metrics and ETA on a terminal', () => {
    let text = '';
    let now = 0;
    const progress = createTrainProgress(
      (t) => (text += t),
      { isTTY: true, columns: 120 },
      () => now,
    );
    now = 1000;
    progress.batch(event(1), 2);
    // 1 of 4 steps took 1 s: 3 s to go.
    expect(text).toContain(
      '\repoch 1/2 [##########..........] 1/2  loss 0.5000  accuracy 0.7500  ETA 3s',
    );
  });
});
