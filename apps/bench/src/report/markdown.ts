/** The Markdown result file: machine, commands, peak, workloads, the table, errors. */
import type { BenchReport } from '../results.js';
import { cellRow, HEADERS } from './rows.js';

const escapeCell = (text: string) => text.replaceAll('|', '\\|');

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

export function markdownReport(report: BenchReport): string {
  const m = report.machine;
  const lines = [
    `# rnnkit benchmark (${report.mode})`,
    '',
    `- date: ${report.date}`,
    `- machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}${m.nodeFlags ? ` (${m.nodeFlags.join(' ')})` : ''}, load average ${m.loadAverage}`,
    `- command: \`${report.command}\``,
    `- timing: warm-up of at least ${plural(report.timing.warmup, 'run')} and ${report.timing.warmupMs} ms, then median of ${report.timing.minRuns}..${report.timing.maxRuns} runs within ~${report.timing.budgetMs} ms per measurement; rnnkit and its baseline alternate call by call (seeded coin toss for who goes first each round)`,
    `- peak (the % peak of ort-node-cpu, every core): ${report.peak.gflops.toFixed(1)} GFLOP/s — ${report.peak.method}`,
    ...(report.singleCorePeak
      ? [
          `- single-core peak (the % peak of the one-thread backends: tfjs-cpu, tfjs-wasm, ort-web-wasm, rnnkit-wasm, rnnkit-wasm-relaxed): ${report.singleCorePeak.gflops.toFixed(1)} GFLOP/s — ${report.singleCorePeak.method}`,
        ]
      : []),
    ...(report.wasmPeak
      ? [
          `- for reference, a WebAssembly SIMD128 MatMul (no FMA, 4 lanes; not used for % peak): ${report.wasmPeak.gflops.toFixed(1)} GFLOP/s — ${report.wasmPeak.method}`,
        ]
      : []),
    '- GFLOP/s counts only the recurrent products (2 x MACs of input and recurrent matrix products per step); embeddings, Dense/softmax and gate maths are not counted.',
    "- baselines: `tf.layers` = stock tf.sequential with the same weights (setWeights) on the same tfjs backend; `raw-ort-*` = `InferenceSession.run` called by hand (ort.Tensor feeds, state fed back) on the very ORT session rnnkit loaded, so that ratio is rnnkit's wrapper cost; the exported graph is also run once in an independent session with default options and checked; `raw-ort-node-1t` (rnnkit-wasm's baseline) = the same by hand on an onnxruntime-node session of its own with intraOpNumThreads=1, the thread count rnnkit-wasm uses; `rnnkit-wasm-simd128` (rnnkit-wasm-relaxed's baseline) = rnnkit-wasm's SIMD128 build on a session of its own, timed alternately with the relaxed build, so that ratio is relaxed / SIMD128; `rnnkit-tfjs-wasm` (rnnkit-wasm-threads' baseline) = rnnkit's tfjs-wasm backend on a session of its own (one thread in Node), timed alternately with the two-thread rnnkit-wasm session, so that ratio is threads / tfjs-wasm.",
    '- latency: per call (batch of sequences), or per token for generation; ratio > 1 means rnnkit is slower.',
    '',
    '## Workloads',
    '',
    ...report.workloads.map(
      (w) =>
        `- \`${w.id}\`: ${w.description} (${w.recurrentGflopPerRun.toFixed(3)} recurrent GFLOP per run)`,
    ),
    '',
    '## Results',
    '',
    `| ${HEADERS.join(' | ')} |`,
    `| ${HEADERS.map(() => '---').join(' | ')} |`,
    ...report.cells.map((c) => `| ${cellRow(c).map(escapeCell).join(' | ')} |`),
    '',
    '## Errors',
    '',
    ...(report.errors.length ? report.errors.map((e) => `- ERROR: ${escapeCell(e)}`) : ['none']),
    '',
  ];
  return lines.join('\n');
}
