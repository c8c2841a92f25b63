/**
 * Every workload on every Node backend, next to stock tf.layers and raw ORT sessions, in one
 * process. Writes results/<quick|full>.json and .md and prints the table; never fails on timing.
 * Used by this app's `npm run bench` and by `rnnkit bench`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initializeWeights } from '@rnnkit/core';
import {
  BENCH_BACKENDS,
  type BenchBackendId,
  createBenchBackend,
  DEFAULT_BENCH_BACKENDS,
} from './backends.js';
import { recurrentFlops } from './flops.js';
import { makeInput } from './inputs.js';
import { describeMachine } from './machine.js';
import { measurePeak, measureWasmPeak, type PeakMeasurement } from './peak.js';
import { markdownReport } from './report/markdown.js';
import { terminalTable } from './report/terminal.js';
import type { BenchReport, CellResult } from './results.js';
import { runCell } from './run-cell.js';
import type { TimingOptions } from './timing.js';
import { workloads } from './workloads.js';

/**
 * Which peak a backend's '% peak' is of (src/peak.ts): that of the threads it runs on in Node.
 * ort-node-cpu uses every core; tfjs-cpu, tfjs-wasm and rnnkit-wasm one thread; onnxruntime-web
 * min(4, cores / 2) threads, one on the 2-core machines the committed results come from. (Until
 * 2026-12-04 only rnnkit-wasm used the one-thread peak; tfjs and ort-web rows were divided by
 * the every-core peak.)
 */
const PEAK_KIND: Record<BenchBackendId, 'allCores' | 'oneCore'> = {
  'tfjs-cpu': 'oneCore',
  'tfjs-wasm': 'oneCore',
  'ort-node-cpu': 'allCores',
  'ort-web-wasm': 'oneCore',
  'rnnkit-wasm': 'oneCore',
  'rnnkit-wasm-relaxed': 'oneCore',
  // Two threads on a two-core machine: every core.
  'rnnkit-wasm-threads': 'allCores',
};

export interface BenchOptions {
  /** Command-line arguments: --quick, --workloads=a,b, --backends=x,y, --out=dir. */
  argv: readonly string[];
  /** The command line to record in the report. */
  command: string;
}

export async function runBench({ argv, command }: BenchOptions): Promise<void> {
  const option = (name: string): string | undefined => {
    const prefix = `--${name}=`;
    return argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
  };
  const quick = argv.includes('--quick');
  const timing: TimingOptions = quick
    ? { warmup: 1, warmupMs: 500, minRuns: 3, maxRuns: 20, budgetMs: 300 }
    : { warmup: 2, warmupMs: 500, minRuns: 5, maxRuns: 100, budgetMs: 2000 };
  const only = option('workloads')?.split(',');
  const selected = workloads().filter((w) => (only ? only.includes(w.id) : !quick || w.quick));
  const backendIds = (option('backends')?.split(',') ?? [...DEFAULT_BENCH_BACKENDS]).filter(
    (b): b is BenchBackendId => (BENCH_BACKENDS as readonly string[]).includes(b),
  );
  const outDir = option('out') ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'results');

  const machine = describeMachine();
  console.log(
    `machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}, load average ${machine.loadAverage}`,
  );
  const peak = await measurePeak(1024, {
    warmup: 3,
    warmupMs: 0,
    minRuns: 10,
    maxRuns: 50,
    budgetMs: quick ? 1000 : 3000,
  });
  console.log(`peak: ${peak.gflops.toFixed(1)} GFLOP/s (${peak.method})`);
  const peakTiming = {
    warmup: 3,
    warmupMs: 0,
    minRuns: 10,
    maxRuns: 50,
    budgetMs: quick ? 1000 : 3000,
  };
  const singleThreaded = backendIds.some((id) => PEAK_KIND[id] !== 'allCores');
  const singleCorePeak = singleThreaded ? await measurePeak(1024, peakTiming, 1) : undefined;
  if (singleCorePeak)
    console.log(
      `single-core peak: ${singleCorePeak.gflops.toFixed(1)} GFLOP/s (${singleCorePeak.method})`,
    );
  // For reference (not a '% peak'): what a production wasm SIMD128 MatMul reaches on this machine.
  const wasmPeak = backendIds.some((id) => id.startsWith('rnnkit-wasm'))
    ? await measureWasmPeak(1024, peakTiming)
    : undefined;
  if (wasmPeak)
    console.log(`wasm SIMD128 MatMul: ${wasmPeak.gflops.toFixed(1)} GFLOP/s (${wasmPeak.method})`);
  const peakOf = (id: BenchBackendId): PeakMeasurement =>
    (PEAK_KIND[id] === 'oneCore' ? singleCorePeak : peak) ?? peak;

  const backends = new Map(backendIds.map((id) => [id, createBenchBackend(id)]));
  const cells: CellResult[] = [];
  const errors: string[] = [];
  for (const workload of selected) {
    const model = { spec: workload.spec, weights: initializeWeights(workload.spec, { seed: 7 }) };
    const steps = workload.kind === 'generate' ? (workload.tokens ?? 1) : workload.time;
    const input = makeInput(workload.spec, workload.batch, steps, 11);
    let firstOutput: Float32Array | undefined;
    for (const [id, backend] of backends) {
      const started = performance.now();
      const { cell, output } = await runCell(
        id,
        backend,
        {
          workload,
          model,
          input,
          timing,
          peakGflops: peakOf(id).gflops,
          firstOutput,
        },
        errors,
      );
      firstOutput ??= output;
      cells.push(cell);
      const m = cell.measurement;
      console.log(
        `  ${workload.id} on ${id}: ${cell.status}${m ? ` ${m.latencyMs.toFixed(3)} ms` : ` ${cell.reason ?? ''}`}` +
          `${cell.baseline?.ratio !== undefined ? `, ${cell.baseline.kind} ratio ${cell.baseline.ratio.toFixed(2)}x` : cell.baseline ? `, ${cell.baseline.kind}: ${cell.baseline.status}` : ''}` +
          ` (${((performance.now() - started) / 1e3).toFixed(1)} s)`,
      );
    }
  }

  const report: BenchReport = {
    date: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    command,
    machine,
    timing,
    peak,
    ...(singleCorePeak ? { singleCorePeak } : {}),
    ...(wasmPeak ? { wasmPeak } : {}),
    workloads: selected.map((w) => ({
      id: w.id,
      description: w.description,
      recurrentGflopPerRun:
        recurrentFlops(w.spec, w.batch, w.kind === 'generate' ? (w.tokens ?? 1) : w.time) / 1e9,
    })),
    cells,
    errors,
  };
  console.log(`\n${terminalTable(report)}`);
  if (errors.length) console.log(`\n${errors.map((e) => `ERROR: ${e}`).join('\n')}`);
  mkdirSync(outDir, { recursive: true });
  const base = join(outDir, report.mode);
  writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(`${base}.md`, markdownReport(report));
  console.log(`\nwrote ${base}.json and ${base}.md`);
}
