// The benchmarks as a library, for `rnnkit bench`.
export { type BenchOptions, runBench } from './run-bench.js';
