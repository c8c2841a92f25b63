/** The shape of one benchmark run, as written to JSON and rendered to tables. */
import type { MachineDescription } from './machine.js';
import type { PeakMeasurement } from './peak.js';
import type { TimingOptions } from './timing.js';

export interface Measurement {
  /** Median wall time of one measured run (a call, or `tokens` calls for generation). */
  medianMs: number;
  runs: number;
  /** Median latency per call (sequence) or per token (generation). */
  latencyMs: number;
  throughput: number;
  throughputUnit: 'sequences/s' | 'tokens/s';
  /** Recurrent-part GFLOP/s (see flops.ts). */
  gflops: number;
  /** gflops / measured MatMul peak. */
  peakFraction: number;
}

export interface BaselineResult {
  kind: string;
  status: 'ok' | 'not expressible' | 'error';
  reason?: string;
  measurement?: Measurement;
  /** rnnkit median / baseline median (> 1: rnnkit slower). */
  ratio?: number;
  maxAbsDifference?: number;
  agreement?: 'ok' | 'ERROR';
}

export interface CellResult {
  workload: string;
  backend: string;
  status: 'ok' | 'unsupported' | 'error';
  reason?: string;
  measurement?: Measurement;
  /** Max |difference| from the first backend that ran this workload (cross-backend check). */
  maxAbsDifferenceVsFirst?: number;
  baseline?: BaselineResult;
}

export interface BenchReport {
  date: string;
  mode: 'quick' | 'full';
  command: string;
  machine: MachineDescription;
  timing: TimingOptions;
  peak: PeakMeasurement;
  /** The same MatMul on one thread: the '% peak' of one-thread backends (src/run-bench.ts PEAK_KIND). */
  singleCorePeak?: PeakMeasurement;
  /** The MatMul on onnxruntime-web's wasm SIMD128 build, for reference only (no '% peak' uses it). */
  wasmPeak?: PeakMeasurement;
  workloads: { id: string; description: string; recurrentGflopPerRun: number }[];
  cells: CellResult[];
  errors: string[];
}
