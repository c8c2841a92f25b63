/**
 * Fuzzing every importer (see run-fuzz.ts). `npm test` runs a short budget (a few hundred inputs
 * per importer, ~60 s in all); `npm run fuzz -- --budget=20000 [--seed=N] [--target=onnx]` runs
 * a long one (FUZZ_BUDGET / FUZZ_SEED / FUZZ_TARGET / FUZZ_OUT in the environment). Failing
 * inputs are written to FUZZ_OUT (default: the system temp dir) so they can be replayed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FUZZ_TARGETS } from './fuzz-targets.js';
import { type FuzzTargetReport, formatReport, fuzzTarget } from './run-fuzz.js';

/** Short budgets per importer, sized so the whole run stays near a minute on a 2-core machine. */
const SHORT_BUDGET: Record<string, number> = {
  onnx: 400,
  'keras-h5': 250,
  'keras-v3': 250,
  'tfjs-layers': 300,
  safetensors: 400,
  'torch-pt': 400,
  spec: 300,
  'tensor-json': 400,
};

const longBudget = Number(process.env.FUZZ_BUDGET ?? 0);
const seed = Number(process.env.FUZZ_SEED ?? 20261204);
const only = process.env.FUZZ_TARGET;
const outDir = process.env.FUZZ_OUT ?? join(tmpdir(), 'rnnkit-fuzz');
const reports: FuzzTargetReport[] = [];

afterAll(() => {
  if (reports.length === 0) return;
  const table = formatReport(reports);
  console.log(`fuzz seed ${seed}\n${table}`);
  if (longBudget > 0) {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'report.md'), `seed ${seed}, budget ${longBudget}\n\n${table}\n`);
  }
});

describe('fuzzing the importers', () => {
  for (const target of FUZZ_TARGETS.filter((t) => !only || t.name === only)) {
    const budget = longBudget > 0 ? longBudget : (SHORT_BUDGET[target.name] ?? 100);
    it(`${target.name}: ${budget} mutated inputs end in a result or an RnnkitError`, async () => {
      // HDF5 parsing runs in a worker with its own (longer) limit; the fuzzer's limit is above it.
      const report = await fuzzTarget(target, {
        budget,
        seed,
        timeLimitMs: target.name.startsWith('keras') ? 30_000 : 5_000,
      });
      reports.push(report);
      console.log(formatReport([report]).split('\n')[2]);
      for (const failure of report.failures) {
        mkdirSync(outDir, { recursive: true });
        writeFileSync(
          join(outDir, `${failure.target}-${seed}-${failure.index}.bin`),
          failure.input,
        );
      }
      expect(
        report.failures.map((f) => `#${f.index} ${f.kind}: ${f.detail}`),
        `failing inputs saved in ${outDir}`,
      ).toEqual([]);
      expect(report.inputs).toBe(budget);
    }, 3_600_000);
  }
});
