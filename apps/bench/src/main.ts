/**
 * `npm run bench [-- --quick] [-- --workloads=a,b] [-- --backends=tfjs-cpu,...]`;
 * `npm run bench -- --training [--steps=3] [--backends=tfjs-wasm] [--workloads=...]` runs the
 * training rows instead (rnnkit's tfjs trainer vs tf.layers trainOnBatch).
 * On tfjs-cpu the tf.layers side of a large Embedding is skipped unless `--slow-baseline`
 * (training/tf-layers-embedding-cost.ts: ~7 min and ~8 GB per step for the sentiment LSTM).
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compiledKernels } from '@rnnkit/wasm';
import { runBench } from './run-bench.js';
import { runTrainingBench } from './training/run-training-bench.js';

const argv = process.argv.slice(2);

// The rnnkit-wasm-relaxed row needs WebAssembly relaxed SIMD, which Node 20 has only behind a
// V8 flag: re-run this same bench in a child Node with it (the whole run, every row, then has
// the flag; the report lists Node's flags). Other Nodes that already validate it run as is.
const RELAXED_FLAG = '--experimental-wasm-relaxed-simd';
const wantsRelaxed = argv.some(
  (a) => a.startsWith('--backends=') && a.split('=')[1].split(',').includes('rnnkit-wasm-relaxed'),
);
const hasRelaxedSimd = () =>
  compiledKernels('relaxed').then(
    () => true,
    () => false,
  );
if (wantsRelaxed && !process.execArgv.includes(RELAXED_FLAG) && !(await hasRelaxedSimd())) {
  console.log(`rnnkit-wasm-relaxed: re-running with node ${RELAXED_FLAG}`);
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, RELAXED_FLAG, process.argv[1], ...argv],
    { stdio: 'inherit' },
  );
  process.exit(child.status ?? 1);
}

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
