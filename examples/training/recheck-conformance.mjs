// Re-runs `rnnkit conformance` on the exported models of earlier runs (out/, from the scripts)
// so the committed tables list every Node backend the CLI has now (rnnkit-wasm was added after
// the name generator and spam classifier were trained), and replaces the table in results/.
//   node recheck-conformance.mjs
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { conformance, out, results, writeJson } from './lib.mjs';

const cases = [
  { result: 'names-simple-rnn', model: 'names.json' },
  { result: 'spam-lstm', model: 'spam.json', input: 'spam-conformance-inputs.json' },
  { result: 'gru-language-model', model: 'lm.json' },
];
for (const { result, model, input } of cases) {
  const modelPath = join(out, model);
  if (!existsSync(modelPath)) {
    console.error(`${result}: ${modelPath} missing (run the script first); skipped`);
    continue;
  }
  const check = conformance(modelPath, input ? join(out, input) : undefined);
  const jsonPath = join(results, `${result}.json`);
  const record = JSON.parse(readFileSync(jsonPath, 'utf8'));
  const before = record.conformance?.table;
  record.conformance = check;
  writeJson(jsonPath, record);
  const mdPath = join(results, `${result}.md`);
  const md = readFileSync(mdPath, 'utf8');
  if (before && md.includes(before)) writeJson(mdPath, md.replace(before, check.table));
  else console.error(`${result}: the old table was not found in ${mdPath}; left as is`);
  console.log(`${result}: ${check.passed ? 'passed' : 'FAILED'}\n${check.table}\n`);
}
