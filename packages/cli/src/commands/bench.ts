/**
 * `rnnkit bench`: the benchmark app (apps/bench, shipped with the repository like the
 * conformance corpus): rnnkit's Node backends next to stock tf.layers and raw ORT sessions.
 */
import { RnnkitError } from '@rnnkit/core';
import { expectPositionals, parseCommandArgs, stringOption } from '../args/parse-command-args.js';
import type { Command } from './command.js';
import { EXIT_OK } from './exit-codes.js';

const usage = `usage: rnnkit bench [--quick] [--workloads a,b] [--backends id,id] [--out <dir>]

Benchmarks every workload on every Node backend (tfjs-cpu, tfjs-wasm, ort-node-cpu,
ort-web-wasm) side by side with stock tf.layers and a raw ONNX Runtime session on the same
weights and inputs, in one process; prints a table and writes results/<quick|full>.{json,md}.
Benchmarks never fail on timing; outputs that disagree with the baseline are reported as errors.
The benchmarks ship with the rnnkit repository (apps/bench), not with this package.

options:
  --quick             a subset in under a minute
  --workloads <ids>   only these workloads (see apps/bench/src/workloads.ts)
  --backends <ids>    only these backends
  --out <dir>         where to write the results (default apps/bench/results)
  --verbose           stack traces on errors
  -h, --help          this help`;

interface BenchApp {
  runBench(options: { argv: readonly string[]; command: string }): Promise<void>;
}

// A variable specifier: the app is optional, so neither tsc nor bundlers should require it.
const BENCH_APP = '@rnnkit/bench';

export const benchCommand: Command = {
  name: 'bench',
  summary: 'benchmark the Node backends against stock tf.layers and raw ORT',
  usage,
  async run(argv, io) {
    const args = parseCommandArgs('bench', argv, {
      quick: { type: 'boolean' },
      workloads: { type: 'string' },
      backends: { type: 'string' },
      out: { type: 'string' },
    });
    if (args.values.help) {
      io.stdout(`${usage}\n`);
      return EXIT_OK;
    }
    expectPositionals(args, 'bench', []);
    let app: BenchApp;
    try {
      app = (await import(BENCH_APP)) as BenchApp;
    } catch (cause) {
      throw new RnnkitError(
        'BACKEND_UNAVAILABLE',
        'the benchmarks ship with the rnnkit repository (apps/bench), not with this package: run them from a checkout (npm run bench)',
        { cause },
      );
    }
    const forwarded = [
      ...(args.values.quick ? ['--quick'] : []),
      ...(['workloads', 'backends', 'out'] as const).flatMap((name) => {
        const value = stringOption(args, name, 'bench');
        return value === undefined ? [] : [`--${name}=${value}`];
      }),
    ];
    await app.runBench({ argv: forwarded, command: `rnnkit bench ${argv.join(' ')}`.trim() });
    return EXIT_OK;
  },
};
