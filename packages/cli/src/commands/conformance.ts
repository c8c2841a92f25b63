/**
 * `rnnkit conformance`: the bundled corpus (from the repository's conformance app), or one model
 * file, on every backend; prints the case x backend table and writes JSON / HTML reports.
 */
import { RnnkitError } from '@rnnkit/core';
import { parseBackendList } from '../args/backend-ids.js';
import { expectPositionals, parseCommandArgs, stringOption } from '../args/parse-command-args.js';
import { UsageError } from '../args/usage-error.js';
import { type MatrixCase, type MatrixReport, matrixPassed } from '../conformance/matrix.js';
import { loadModel } from '../library/load-model.js';
import { runConformance } from '../library/run-conformance.js';
import { formatMatrixHtml } from '../report/html.js';
import { formatMatrixJson } from '../report/json.js';
import { createProgress } from '../report/progress.js';
import { formatMatrixTable } from '../report/table.js';
import type { Command } from './command.js';
import { EXIT_CONFORMANCE_FAILURE, EXIT_OK } from './exit-codes.js';
import { readTensorFile, writeTextFile } from './tensor-files.js';

const usage = `usage: rnnkit conformance [<model> [--input <in.json>] [--expected <out.json>] [--seed N]]
                          [--backends id,id] [--browser] [--json <file>] [--html <file>]

Without <model>: the bundled corpus (article models, streaming, generated cases) on every
backend; it ships with the repository (apps/conformance), not with the npm package.
With <model>: that model on every Node backend, on --input (or seeded random inputs of the
right shape), compared with --expected (tensor JSON named as the model names its outputs,
e.g. what 'rnnkit run' writes) or else with the float64 reference executor.

Prints a case x backend table (max abs error per cell; every skip with its reason).
Exit code 0 when every cell passes or is skipped, 1 when any backend disagrees.

options:
  --backends <ids>   comma-separated backend ids (default: every Node backend; with
                     --browser also the browser ones)
  --browser          also run the browser backends in Chromium (/usr/bin/chromium)
  --input <file>     inputs for <model> (tensor JSON)
  --expected <file>  expected outputs for <model> (tensor JSON)
  --seed <N>         seed for random inputs (default 1); for the corpus, its generated cases
  --generated <N>    number of generated corpus cases (default 200; corpus only)
  --json <file>      write the JSON report
  --html <file>      write the HTML report
  --verbose          stack traces on errors
  -h, --help         this help`;

/** What `rnnkit conformance` needs from @rnnkit/conformance (a repository app, not a dependency). */
interface ConformanceApp {
  buildCorpus(options: { generated?: number; seed?: number }): Promise<MatrixCase[]>;
}

// A variable specifier: the app is optional, so neither tsc nor bundlers should require it.
const CONFORMANCE_APP = '@rnnkit/conformance';

async function loadConformanceApp(): Promise<ConformanceApp> {
  try {
    return (await import(/* @vite-ignore */ CONFORMANCE_APP)) as ConformanceApp;
  } catch (cause) {
    throw new RnnkitError(
      'BACKEND_UNAVAILABLE',
      'the bundled conformance corpus ships with the rnnkit repository (apps/conformance), not with this package: run it from a checkout (npm ci && npm run conformance), or give a model: rnnkit conformance <model>',
      { cause },
    );
  }
}

function integerOption(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0)
    throw new UsageError(
      `--${name} must be a non-negative integer, found '${text}'`,
      'conformance',
    );
  return value;
}

export const conformanceCommand: Command = {
  name: 'conformance',
  summary: 'run the conformance matrix: the bundled corpus, or one model on every backend',
  usage,
  async run(argv, io) {
    const args = parseCommandArgs('conformance', argv, {
      backends: { type: 'string' },
      browser: { type: 'boolean' },
      input: { type: 'string' },
      expected: { type: 'string' },
      seed: { type: 'string' },
      generated: { type: 'string' },
      json: { type: 'string' },
      html: { type: 'string' },
    });
    if (args.values.help) {
      io.stdout(`${usage}\n`);
      return EXIT_OK;
    }
    const [modelPath] = expectPositionals(args, 'conformance', [], ['model']);
    const backendsText = stringOption(args, 'backends', 'conformance');
    const backends =
      backendsText === undefined ? undefined : parseBackendList(backendsText, 'conformance');
    const inputPath = stringOption(args, 'input', 'conformance');
    const expectedPath = stringOption(args, 'expected', 'conformance');
    const seed = integerOption(stringOption(args, 'seed', 'conformance'), 'seed');
    const generated = integerOption(stringOption(args, 'generated', 'conformance'), 'generated');
    const jsonPath = stringOption(args, 'json', 'conformance');
    const htmlPath = stringOption(args, 'html', 'conformance');
    const browser = args.values.browser === true;
    if (modelPath === undefined && (inputPath || expectedPath)) {
      throw new UsageError('--input and --expected need a <model>', 'conformance');
    }
    if (modelPath !== undefined && generated !== undefined) {
      throw new UsageError('--generated applies to the bundled corpus only', 'conformance');
    }

    const progress = io.progressStream
      ? createProgress(io.progressStream)
      : { update() {}, finish() {} };
    const onCell = (done: number, total: number, label: string) =>
      progress.update(done, total, label);
    let report: MatrixReport;
    if (modelPath === undefined) {
      const cases = await (await loadConformanceApp()).buildCorpus({ generated, seed });
      ({ report } = await runConformance({ cases, backends, browser, onCell }));
    } else {
      ({ report } = await runConformance({
        model: await loadModel(modelPath),
        inputs: inputPath ? await readTensorFile(inputPath, 'input') : undefined,
        inputsLabel: inputPath,
        expected: expectedPath ? await readTensorFile(expectedPath, 'expected') : undefined,
        expectedLabel: expectedPath,
        seed,
        backends,
        browser,
        onCell,
      }));
    }
    progress.finish();
    io.stdout(`${formatMatrixTable(report)}\n`);
    if (jsonPath) await writeTextFile(jsonPath, formatMatrixJson(report));
    if (htmlPath) await writeTextFile(htmlPath, formatMatrixHtml(report));
    const written = [jsonPath, htmlPath].filter(Boolean);
    if (written.length > 0) io.stderr(`reports: ${written.join(', ')}\n`);
    return matrixPassed(report) ? EXIT_OK : EXIT_CONFORMANCE_FAILURE;
  },
};
