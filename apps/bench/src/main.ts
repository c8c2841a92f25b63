/**
 * `npm run bench [-- --quick] [-- --workloads=a,b] [-- --backends=tfjs-cpu,...]`;
 * `npm run bench -- --training [--steps=3] [--backends=tfjs-wasm] [--workloads=...]` runs the
 * training rows instead (rnnkit's tfjs trainer vs tf.layers trainOnBatch).
 * On tfjs-cpu the tf.layers side of a large Embedding is skipped unless `--slow-baseline`
 * (training/tf-layers-embedding-cost.ts: ~7 min and ~8 GB per step for the sentiment LSTM).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBench } from './run-bench.js';
import { runTrainingBench } from './training/run-training-bench.js';

const argv = process.argv.slice(2);
const command = `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`;
const outDir =
  argv.find((a) => a.startsWith('--out='))?.slice('--out='.length) ??
  join(dirname(fileURLToPath(import.meta.url)), '..', 'results');
(argv.includes('--training')
  ? runTrainingBench({ argv, command, outDir })
  : runBench({ argv, command })
).then(
  // ORT/tfjs wasm worker threads can keep the event loop alive; the report is written.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
