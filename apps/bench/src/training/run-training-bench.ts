/**
 * Training steps per second: rnnkit's tfjs trainer against stock tf.layers trainOnBatch, same
 * model, weights (initializeWeights seed 7), batches and tfjs backend, timed alternately step by
 * step (who goes first is a seeded coin toss, as in the inference bench). Both train from the
 * same start on the same batch sequence, so their loss curves must agree: every step's two
 * losses are recorded and the largest relative difference is reported (above 1e-3 is an ERROR).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initializeWeights, type TrainingBatch } from '@rnnkit/core';
import { createTfjsTrainingEngine } from '@rnnkit/tfjs';
import { random } from '../inputs.js';
import { describeMachine, type MachineDescription } from '../machine.js';
import {
  TF_LAYERS_CPU_BUDGET_BYTES,
  tfLayersEmbeddingGradientBytes,
} from './tf-layers-embedding-cost.js';
import { createTfLayersTrainer, type StepRunner } from './tf-layers-trainer.js';
import { trainingBatches } from './training-batches.js';
import { type TrainingWorkload, trainingWorkloads } from './training-workloads.js';

export interface TrainingRow {
  workload: string;
  backend: string;
  rnnkitMs?: number;
  tfLayersMs?: number;
  /** tf.layers median / rnnkit median (> 1: rnnkit faster). */
  speedup?: number;
  rnnkitLosses: number[];
  tfLayersLosses: number[];
  maxRelativeLossDifference?: number;
  status: 'ok' | 'baseline failed' | 'baseline skipped' | 'error';
  reason?: string;
}

export interface TrainingReport {
  date: string;
  command: string;
  machine: MachineDescription;
  steps: number;
  workloads: { id: string; description: string }[];
  rows: TrainingRow[];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

async function timed(runner: StepRunner, batch: TrainingBatch): Promise<[number, number]> {
  const t0 = performance.now();
  const loss = await runner.step(batch);
  return [performance.now() - t0, loss];
}

async function runRow(
  workload: TrainingWorkload,
  backend: 'cpu' | 'wasm',
  steps: number,
  slowBaseline: boolean,
): Promise<TrainingRow> {
  const row: TrainingRow = {
    workload: workload.id,
    backend: `tfjs-${backend}`,
    rnnkitLosses: [],
    tfLayersLosses: [],
    status: 'ok',
  };
  const model = { spec: workload.spec, weights: initializeWeights(workload.spec, { seed: 7 }) };
  // Warm-up step + timed steps, each on its own batch (cycling 4 batches).
  const batches = trainingBatches(workload, 4);
  const trainer = await createTfjsTrainingEngine({ backend }).createTrainer(model, workload.config);
  const rnnkit: StepRunner = {
    step: async (batch) => (await trainer.trainStep(batch)).loss,
    dispose: () => trainer.dispose(),
  };
  let baseline: StepRunner | undefined;
  const embeddingBytes = tfLayersEmbeddingGradientBytes(workload);
  if (backend === 'cpu' && embeddingBytes > TF_LAYERS_CPU_BUDGET_BYTES && !slowBaseline) {
    // See tf-layers-embedding-cost.ts: minutes and gigabytes per tf.layers step here.
    row.status = 'baseline skipped';
    row.reason = `tf.layers: tfjs-cpu's UnsortedSegmentSum (the Embedding gradient) loops over every vocabulary row and would hold ~${(embeddingBytes / 1e9).toFixed(1)} GB per step (measured ~42 ms per row, ~7 min per step); --slow-baseline runs it anyway`;
  } else
    try {
      baseline = await createTfLayersTrainer(model, workload, backend);
      // Both must survive one step before timing (tf.layers cannot train an Embedding on tfjs-wasm).
      await baseline.step(batches[0]).then((loss) => row.tfLayersLosses.push(loss));
    } catch (error) {
      row.status = 'baseline failed';
      row.reason = `tf.layers: ${(error as Error).message}`;
      await baseline?.dispose();
      baseline = undefined;
    }
  row.rnnkitLosses.push(await rnnkit.step(batches[0]));
  const ours: number[] = [];
  const theirs: number[] = [];
  const coin = random(31);
  for (let step = 1; step <= steps; step++) {
    const batch = batches[step % batches.length];
    const order = baseline && coin() < 0.5 ? ['tf', 'rnnkit'] : ['rnnkit', 'tf'];
    for (const who of order) {
      if (who === 'rnnkit') {
        const [ms, loss] = await timed(rnnkit, batch);
        ours.push(ms);
        row.rnnkitLosses.push(loss);
      } else if (baseline) {
        const [ms, loss] = await timed(baseline, batch);
        theirs.push(ms);
        row.tfLayersLosses.push(loss);
      }
    }
  }
  await rnnkit.dispose();
  await baseline?.dispose();
  row.rnnkitMs = median(ours);
  if (theirs.length) {
    row.tfLayersMs = median(theirs);
    row.speedup = row.tfLayersMs / row.rnnkitMs;
    let worst = 0;
    row.rnnkitLosses.forEach((loss, i) => {
      const other = row.tfLayersLosses[i];
      worst = Math.max(worst, Math.abs(loss - other) / Math.max(Math.abs(other), 1e-12));
    });
    row.maxRelativeLossDifference = worst;
    if (!(worst <= 1e-3)) {
      row.status = 'error';
      row.reason = `loss curves differ by ${worst.toExponential(2)} (relative)`;
    }
  }
  return row;
}

export async function runTrainingBench(options: {
  argv: readonly string[];
  command: string;
  outDir: string;
}): Promise<TrainingReport> {
  const option = (name: string) =>
    options.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const steps = Number(option('steps') ?? 3);
  const backends = (option('backends')?.split(',') ?? ['tfjs-wasm', 'tfjs-cpu'])
    .filter((b) => b === 'tfjs-wasm' || b === 'tfjs-cpu')
    .map((b) => b.slice('tfjs-'.length) as 'cpu' | 'wasm');
  const only = option('workloads')?.split(',');
  const workloads = trainingWorkloads().filter((w) => !only || only.includes(w.id));
  const rows: TrainingRow[] = [];
  for (const workload of workloads) {
    for (const backend of backends) {
      const started = performance.now();
      let row: TrainingRow;
      try {
        row = await runRow(workload, backend, steps, options.argv.includes('--slow-baseline'));
      } catch (error) {
        row = {
          workload: workload.id,
          backend: `tfjs-${backend}`,
          rnnkitLosses: [],
          tfLayersLosses: [],
          status: 'error',
          reason: (error as Error).message,
        };
      }
      rows.push(row);
      console.log(
        `  ${row.workload} on ${row.backend}: ${row.status}` +
          (row.rnnkitMs !== undefined ? ` rnnkit ${row.rnnkitMs.toFixed(0)} ms/step` : '') +
          (row.tfLayersMs !== undefined
            ? `, tf.layers ${row.tfLayersMs.toFixed(0)} ms/step (${row.speedup?.toFixed(2)}x)`
            : '') +
          (row.reason ? ` (${row.reason})` : '') +
          ` [${((performance.now() - started) / 1e3).toFixed(0)} s]`,
      );
    }
  }
  const report: TrainingReport = {
    date: new Date().toISOString(),
    command: options.command,
    machine: describeMachine(),
    steps,
    workloads: workloads.map((w) => ({ id: w.id, description: w.description })),
    rows,
  };
  mkdirSync(options.outDir, { recursive: true });
  writeFileSync(join(options.outDir, 'training.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(options.outDir, 'training.md'), trainingMarkdown(report));
  console.log(`\n${trainingMarkdown(report)}`);
  return report;
}

export function trainingMarkdown(report: TrainingReport): string {
  const m = report.machine;
  const lines = [
    `# Training steps: rnnkit vs stock tf.layers (${report.date})`,
    '',
    `\`${report.command}\` on ${m.cpuModel}, ${m.cores} cores, Node ${m.node}, load average ${m.loadAverage}; median of ${report.steps} timed steps per side after one warm-up step, alternating.`,
    '',
    '| workload | backend | rnnkit ms/step | tf.layers ms/step | rnnkit speed-up | max relative loss difference | status |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of report.rows) {
    lines.push(
      `| ${r.workload} | ${r.backend} | ${r.rnnkitMs?.toFixed(0) ?? '-'} | ${r.tfLayersMs?.toFixed(0) ?? '-'} | ${r.speedup ? `${r.speedup.toFixed(2)}x` : '-'} | ${r.maxRelativeLossDifference?.toExponential(1) ?? '-'} | ${r.status}${r.reason ? `: ${r.reason}` : ''} |`,
    );
  }
  lines.push('', ...report.workloads.map((w) => `- \`${w.id}\`: ${w.description}`), '');
  return lines.join('\n');
}
