#!/usr/bin/env node
// Long fuzzing runs on demand: `npm run fuzz -- --budget=20000 [--seed=N] [--target=onnx] [--out=dir]`.
// Runs packages/cli/src/fuzz/fuzz.test.ts under vitest with the budget in the environment;
// the report table is printed and written to <out>/report.md with every failing input.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const options = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const match = /^--(budget|seed|target|out)=(.+)$/.exec(arg);
    if (!match) {
      console.error(`unknown argument ${arg}; use --budget=N --seed=N --target=NAME --out=DIR`);
      process.exit(2);
    }
    return [match[1], match[2]];
  }),
);
const env = { ...process.env, FUZZ_BUDGET: options.budget ?? '5000' };
if (options.seed) env.FUZZ_SEED = options.seed;
if (options.target) env.FUZZ_TARGET = options.target;
if (options.out) env.FUZZ_OUT = options.out;
const cli = join(dirname(fileURLToPath(import.meta.url)), '..');
const result = spawnSync('npx', ['vitest', 'run', 'src/fuzz/fuzz.test.ts'], {
  cwd: cli,
  env,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
