/**
 * `npm run bench [-- --quick] [-- --workloads=a,b] [-- --backends=tfjs-cpu,...]`.
 */
import { runBench } from './run-bench.js';

const argv = process.argv.slice(2);
runBench({ argv, command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}` }).then(
  // ORT/tfjs wasm worker threads can keep the event loop alive; the report is written.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
