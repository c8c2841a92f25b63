// The adding problem (Hochreiter & Schmidhuber 1997; Le et al. 2015's setup): T = 100 steps of
// [value in U(0,1), marker]; exactly two markers are 1, one in each half; the target is the sum
// of the two marked values. Predicting the mean (1) scores MSE 1/6 = 0.167; a model that carries
// the marked values across ~50-100 steps goes far below it. Vanilla RNN vs LSTM vs GRU, same
// size, optimizer, data and epochs, trained with `rnnkit train` on tfjs-wasm.
// Training backend: tfjs-wasm by default (the CLI's default), or BACKEND=reference (float64).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { float32Tensor, Random } from '@rnnkit/core';
import { adam, out, results, rnnkit, writeJson, writeTensors } from './lib.mjs';

const BACKEND = process.env.BACKEND ?? 'tfjs-wasm';

const T = Number(process.env.STEPS ?? 100);
const TRAIN = Number(process.env.TRAIN ?? 2000);
const TEST = Number(process.env.TEST ?? 500);
const EPOCHS = Number(process.env.EPOCHS ?? 12);
const UNITS = 32;

function dataset(count, seed) {
  const random = new Random(seed);
  const x = float32Tensor([count, T, 2]);
  const y = float32Tensor([count, 1]);
  for (let n = 0; n < count; n++) {
    const first = Math.floor(random.uniform() * (T / 2));
    const second = T / 2 + Math.floor(random.uniform() * (T / 2));
    for (let t = 0; t < T; t++) {
      const value = random.uniform();
      x.data[(n * T + t) * 2] = value;
      if (t === first || t === second) {
        x.data[(n * T + t) * 2 + 1] = 1;
        y.data[n] += value;
      }
    }
  }
  return { x, targets: y };
}

const train = writeTensors(join(out, 'adding-train.json'), dataset(TRAIN, 1));
const test = writeTensors(join(out, 'adding-test.json'), dataset(TEST, 2));
const config = writeJson(join(out, 'adding-config.json'), {
  format: 'rnnkit-training',
  formatVersion: 1,
  loss: 'meanSquaredError',
  optimizer: adam(0.005),
  clipNorm: 1,
  batchSize: 50,
  epochs: EPOCHS,
  shuffle: true,
  seed: 7,
});

const rows = [];
for (const [type, label] of [
  ['simpleRnn', 'vanilla RNN (SimpleRNN)'],
  ['lstm', 'LSTM'],
  ['gru', 'GRU'],
]) {
  const layer = {
    type,
    name: 'rnn',
    units: UNITS,
    ...(type === 'gru' ? { resetAfter: true } : {}),
  };
  const spec = writeJson(join(out, `adding-${type}-spec.json`), {
    format: 'rnnkit-model',
    formatVersion: 1,
    name: `adding-${type}`,
    input: { name: 'x', type: 'features', size: 2 },
    layers: [layer, { type: 'dense', name: 'dense', units: 1 }],
    output: { name: 'sum' },
  });
  const model = join(out, `adding-${type}.json`);
  const run = rnnkit(
    'train',
    spec,
    '--data',
    train,
    '--validation',
    test,
    '--config',
    config,
    '--output',
    model,
    '--backend',
    BACKEND,
    '--json',
  );
  const { history } = JSON.parse(run.stdout);
  rows.push({ type, label, history, seconds: run.seconds });
  console.error(
    `${label}: val MSE ${history.valLoss.map((v) => v.toFixed(4)).join(' ')} (${run.seconds.toFixed(0)} s)`,
  );
}

writeJson(join(results, 'adding-problem.json'), {
  backend: BACKEND,
  T,
  train: TRAIN,
  test: TEST,
  epochs: EPOCHS,
  units: UNITS,
  rows,
});

// The plot: held-out MSE per epoch, one line per cell type, the mean-predictor baseline dashed.
const W = 560;
const H = 320;
const pad = { left: 56, right: 150, top: 20, bottom: 40 };
const maxY = 0.25;
const px = (epoch) =>
  pad.left + ((epoch - 1) / Math.max(EPOCHS - 1, 1)) * (W - pad.left - pad.right);
const py = (value) => pad.top + (1 - Math.min(value, maxY) / maxY) * (H - pad.top - pad.bottom);
const colors = { simpleRnn: '#d62728', lstm: '#1f77b4', gru: '#2ca02c' };
const lines = rows.map(({ type, label, history }) => {
  const points = history.valLoss
    .map((v, i) => `${px(i + 1).toFixed(1)},${py(v).toFixed(1)}`)
    .join(' ');
  const last = history.valLoss[history.valLoss.length - 1];
  return `<polyline fill="none" stroke="${colors[type]}" stroke-width="2" points="${points}"/><text x="${W - pad.right + 8}" y="${py(last).toFixed(1)}" fill="${colors[type]}" font-size="12">${label}</text>`;
});
const ticks = [0, 0.05, 0.1, 0.15, 0.2, 0.25]
  .map(
    (v) =>
      `<text x="${pad.left - 6}" y="${py(v) + 4}" text-anchor="end" font-size="11">${v.toFixed(2)}</text><line x1="${pad.left}" x2="${W - pad.right}" y1="${py(v)}" y2="${py(v)}" stroke="#eee"/>`,
  )
  .join('');
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>${ticks}
<line x1="${pad.left}" x2="${W - pad.right}" y1="${py(1 / 6)}" y2="${py(1 / 6)}" stroke="#888" stroke-dasharray="5,4"/><text x="${W - pad.right + 8}" y="${py(1 / 6) + 4}" font-size="11" fill="#888">predict the mean (1/6)</text>
${lines.join('\n')}
<text x="${(pad.left + W - pad.right) / 2}" y="${H - 8}" text-anchor="middle" font-size="12">epoch (${TRAIN} sequences of ${T} steps each)</text>
<text x="14" y="${H / 2}" transform="rotate(-90 14 ${H / 2})" text-anchor="middle" font-size="12">held-out MSE</text>
</svg>
`;
writeFileSync(join(results, 'adding-problem.svg'), svg);

const table = [
  `| cell (${UNITS} units) | held-out MSE after epoch 1 | after epoch ${EPOCHS} | best | training time (${BACKEND}) |`,
  '|---|---|---|---|---|',
  ...rows.map(
    ({ label, history, seconds }) =>
      `| ${label} | ${history.valLoss[0].toFixed(4)} | ${history.valLoss[EPOCHS - 1].toFixed(4)} | ${Math.min(...history.valLoss).toFixed(4)} | ${seconds.toFixed(0)} s |`,
  ),
];
writeFileSync(join(results, 'adding-problem.md'), `${table.join('\n')}\n`);
console.log(table.join('\n'));
