// The adding problem (Hochreiter & Schmidhuber 1997; the setup of Le, Jaitly & Hinton 2015):
// T = 100 steps of [value in U(0,1), marker]; exactly two markers are 1, one in each half; the
// target is the sum of the two marked values; MSE. Predicting 1 (the mean) scores 1/6 = 0.167; a
// model that carries the marked values across the ~50 steps between them goes far below it.
//
// Vanilla RNN vs LSTM vs GRU, the same size, optimizer, data, seeds and number of steps, trained
// in-process with core's `fit` on the tfjs-wasm training engine (the engine `rnnkit train`
// picks by default) so that every batch's loss is recorded and the results are written after
// every epoch: a run stopped early (SIGTERM/SIGINT, or a time budget) keeps its curve so far.
//
//   node adding-problem.mjs                 # all three cells, one after the other
//   CELLS=lstm node adding-problem.mjs      # one cell (three processes can run side by side)
//   node adding-problem.mjs --report        # table + SVG from the cells' results/ files
//   node adding-problem.mjs --report --conformance   # also re-run conformance on out/ models
//
// Environment: STEPS (T, 100), UNITS (64), LR (0.002), TRAIN (4000), TEST (500), EPOCHS (20),
// BATCH (50), BACKEND (tfjs-wasm | tfjs-cpu | reference), MINUTES (a time budget per cell).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createReferenceTrainingEngine,
  fit,
  float32Tensor,
  initializeWeights,
  Random,
  validateSpec,
} from '@rnnkit/core';
import { saveModelToFiles } from '@rnnkit/core/node';
import { adam, conformance, out, results, writeJson, writeTensors } from './lib.mjs';

const T = Number(process.env.STEPS ?? 100);
const UNITS = Number(process.env.UNITS ?? 64);
const LR = Number(process.env.LR ?? 0.002);
const TRAIN = Number(process.env.TRAIN ?? 4000);
const TEST = Number(process.env.TEST ?? 500);
const EPOCHS = Number(process.env.EPOCHS ?? 20);
const BATCH = Number(process.env.BATCH ?? 50);
const BACKEND = process.env.BACKEND ?? 'tfjs-wasm';
const MINUTES = Number(process.env.MINUTES ?? Number.POSITIVE_INFINITY);
const BASELINE = 1 / 6;

const CELL_LABELS = {
  simpleRnn: 'vanilla RNN (SimpleRNN)',
  lstm: 'LSTM',
  gru: 'GRU',
};

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
  return { inputs: { x }, targets: y };
}

async function engineFor(backend) {
  if (backend === 'reference') return createReferenceTrainingEngine();
  const { createTfjsTrainingEngine } = await import('@rnnkit/tfjs');
  return createTfjsTrainingEngine({ backend: backend.slice('tfjs-'.length) });
}

const resultPath = (type) => join(results, `adding-problem-${type}.json`);

async function trainCell(type) {
  const config = {
    format: 'rnnkit-training',
    formatVersion: 1,
    loss: 'meanSquaredError',
    optimizer: adam(LR),
    clipNorm: 1,
    batchSize: BATCH,
    epochs: EPOCHS,
    shuffle: true,
    seed: 7,
  };
  const spec = validateSpec({
    format: 'rnnkit-model',
    formatVersion: 1,
    name: `adding-${type}`,
    input: { name: 'x', type: 'features', size: 2 },
    layers: [
      { type, name: 'rnn', units: UNITS, ...(type === 'gru' ? { resetAfter: true } : {}) },
      { type: 'dense', name: 'dense', units: 1 },
    ],
    output: { name: 'sum' },
  });
  const model = { spec, weights: initializeWeights(spec, { seed: 3 }) };
  const train = dataset(TRAIN, 1);
  const test = dataset(TEST, 2);
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  const started = Date.now();
  const record = {
    type,
    label: CELL_LABELS[type],
    backend: BACKEND,
    T,
    units: UNITS,
    learningRate: LR,
    batch: BATCH,
    train: TRAIN,
    test: TEST,
    epochsPlanned: EPOCHS,
    config,
    stepsPerEpoch: Math.ceil(TRAIN / BATCH),
    /** Training loss of every batch, before its update. */
    batchLoss: [],
    /** Held-out MSE after each epoch, with the optimizer step it was measured at. */
    valLoss: [],
    valStep: [],
    seconds: 0,
    stopReason: 'running',
  };
  const save = () => {
    record.seconds = (Date.now() - started) / 1000;
    writeJson(resultPath(type), record);
  };
  const result = await fit(model, train, config, {
    engine: await engineFor(BACKEND),
    validationData: test,
    signal: controller.signal,
    onBatchEnd: ({ loss }) => {
      record.batchLoss.push(loss);
      if ((Date.now() - started) / 60_000 > MINUTES) controller.abort();
    },
    onEpochEnd: ({ epoch, loss, valLoss }) => {
      record.valLoss.push(valLoss);
      record.valStep.push(record.batchLoss.length);
      save();
      console.error(
        `${type} epoch ${epoch + 1}: step ${record.batchLoss.length} train ${loss.toFixed(4)} held-out ${valLoss.toFixed(4)} (${((Date.now() - started) / 1000).toFixed(0)} s)`,
      );
    },
  });
  record.stopReason = result.stopReason;
  save();
  await saveModelToFiles(result.model, join(out, `adding-${type}.json`));
  // Eight held-out sequences: the conformance input for the exported model.
  const x = float32Tensor([8, T, 2]);
  x.data.set(test.inputs.x.data.subarray(0, x.data.length));
  writeTensors(join(out, 'adding-conformance-inputs.json'), { x });
}

/** The exported model through `rnnkit conformance` on every Node backend (8 held-out inputs). */
function checkCell(type) {
  const record = JSON.parse(readFileSync(resultPath(type), 'utf8'));
  record.conformance = conformance(
    join(out, `adding-${type}.json`),
    join(out, 'adding-conformance-inputs.json'),
  );
  writeJson(resultPath(type), record);
}

/** Table and plot from whichever cells have results. */
function report() {
  const rows = Object.keys(CELL_LABELS)
    .filter((type) => existsSync(resultPath(type)))
    .map((type) => JSON.parse(readFileSync(resultPath(type), 'utf8')));
  if (!rows.length) return;
  // Curves: held-out MSE after each epoch and the training loss averaged over windows of
  // batches, both against optimizer steps.
  const W = 640;
  const H = 360;
  const pad = { left: 56, right: 170, top: 20, bottom: 44 };
  const maxSteps = Math.max(...rows.map((r) => r.batchLoss.length));
  const maxY = 0.3;
  const px = (step) => pad.left + (step / Math.max(maxSteps, 1)) * (W - pad.left - pad.right);
  const py = (value) => pad.top + (1 - Math.min(value, maxY) / maxY) * (H - pad.top - pad.bottom);
  const colors = { simpleRnn: '#d62728', lstm: '#1f77b4', gru: '#2ca02c' };
  const window = Math.max(1, Math.round(maxSteps / 100));
  const smoothed = (losses) => {
    const points = [];
    for (let i = 0; i + window <= losses.length; i += window) {
      let sum = 0;
      for (let j = i; j < i + window; j++) sum += losses[j];
      points.push([i + window, sum / window]);
    }
    return points;
  };
  const curves = rows.map(({ type, label, batchLoss, valLoss, valStep }) => {
    const trainPoints = smoothed(batchLoss)
      .map(([s, v]) => `${px(s).toFixed(1)},${py(v).toFixed(1)}`)
      .join(' ');
    const valPoints = valLoss
      .map((v, i) => `${px(valStep[i]).toFixed(1)},${py(v).toFixed(1)}`)
      .join(' ');
    const last = valLoss[valLoss.length - 1] ?? BASELINE;
    return [
      `<polyline fill="none" stroke="${colors[type]}" stroke-opacity="0.35" stroke-width="1" points="${trainPoints}"/>`,
      `<polyline fill="none" stroke="${colors[type]}" stroke-width="2.5" points="${valPoints}"/>`,
      `<text x="${W - pad.right + 8}" y="${py(last).toFixed(1)}" fill="${colors[type]}" font-size="12">${label}</text>`,
    ].join('');
  });
  const ticks = [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3]
    .map(
      (v) =>
        `<text x="${pad.left - 6}" y="${py(v) + 4}" text-anchor="end" font-size="11">${v.toFixed(2)}</text><line x1="${pad.left}" x2="${W - pad.right}" y1="${py(v)}" y2="${py(v)}" stroke="#eee"/>`,
    )
    .join('');
  const stepTicks = [0, 0.25, 0.5, 0.75, 1]
    .map((f) => Math.round(f * maxSteps))
    .map(
      (s) =>
        `<text x="${px(s)}" y="${H - pad.bottom + 16}" text-anchor="middle" font-size="11">${s}</text>`,
    )
    .join('');
  const first = rows[0];
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>${ticks}${stepTicks}
<line x1="${pad.left}" x2="${W - pad.right}" y1="${py(BASELINE)}" y2="${py(BASELINE)}" stroke="#888" stroke-dasharray="5,4"/><text x="${W - pad.right + 8}" y="${py(BASELINE) + 14}" font-size="11" fill="#888">predict 1: MSE 1/6</text>
${curves.join('\n')}
<text x="${(pad.left + W - pad.right) / 2}" y="${H - 8}" text-anchor="middle" font-size="12">optimizer steps (batch ${first.batch}, T = ${first.T}); thick: held-out MSE per epoch, thin: training loss (mean of ${window} batches)</text>
<text x="14" y="${H / 2}" transform="rotate(-90 14 ${H / 2})" text-anchor="middle" font-size="12">MSE</text>
</svg>
`;
  writeFileSync(join(results, 'adding-problem.svg'), svg);
  const firstBelow = (r) => {
    const i = r.valLoss.findIndex((v) => v < BASELINE / 2);
    return i < 0 ? 'never' : `step ${r.valStep[i]}`;
  };
  const table = [
    `| cell (${first.units} units) | optimizer steps | held-out MSE after the first epoch | after the last | best | first below 1/12 (half the baseline) | training time (${first.backend}) |`,
    '|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.label} | ${r.batchLoss.length}${r.stopReason === 'completed' ? '' : ` (${r.stopReason})`} | ${r.valLoss[0]?.toFixed(4) ?? '-'} | ${r.valLoss.at(-1)?.toFixed(4) ?? '-'} | ${r.valLoss.length ? Math.min(...r.valLoss).toFixed(4) : '-'} | ${firstBelow(r)} | ${r.seconds.toFixed(0)} s |`,
    ),
  ];
  const checks = rows
    .filter((r) => r.conformance)
    .flatMap((r) => [
      '',
      `Conformance of the exported ${r.label} on 8 held-out sequences (${r.conformance.passed ? 'every backend agrees' : 'FAILED'}):`,
      '',
      '```',
      r.conformance.table,
      '```',
    ]);
  table.push(...checks);
  writeFileSync(join(results, 'adding-problem.md'), `${table.join('\n')}\n`);
  console.log(table.join('\n'));
}

if (!process.argv.includes('--report')) {
  const cells = (process.env.CELLS ?? 'simpleRnn,lstm,gru').split(',');
  for (const type of cells) {
    if (!CELL_LABELS[type]) throw new Error(`unknown cell '${type}' (simpleRnn, lstm, gru)`);
    await trainCell(type);
    checkCell(type);
  }
} else if (process.argv.includes('--conformance')) {
  // Re-check the exported models of an earlier run (the trained files in out/).
  for (const type of Object.keys(CELL_LABELS)) if (existsSync(resultPath(type))) checkCell(type);
}
report();
process.exit(0);
