// `rnnkit generate` end to end: a spec model saved with its vocabulary beside it, text out.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  argmax,
  buildCharVocabulary,
  createReferenceBackend,
  encodeText,
  gruLanguageModelSpec,
  initializeWeights,
  int32Tensor,
  type Model,
  vocabularyPathFor,
  writeCharVocabulary,
} from '@rnnkit/core';
import { saveModelToFiles } from '@rnnkit/core/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../test-support/cli.js';

const vocabulary = buildCharVocabulary('abcdefg \n');
const V = vocabulary.tokens.length;
let modelPath = '';
let model: Model;

beforeAll(async () => {
  const spec = gruLanguageModelSpec({ vocabularySize: V, embeddingDim: 6, units: 10 });
  const weights = initializeWeights(spec, { seed: 8 });
  for (const tensor of weights.values())
    for (let i = 0; i < tensor.data.length; i++) tensor.data[i] *= 4;
  model = { spec, weights };
  modelPath = join(tempDir(), 'lm.json');
  await saveModelToFiles(model, modelPath);
  writeFileSync(vocabularyPathFor(modelPath), writeCharVocabulary(vocabulary));
});

/** Greedy continuation computed independently: argmax of one reference run per step. */
async function greedyByHand(prompt: string, length: number): Promise<string> {
  const session = await createReferenceBackend().load(model);
  const ids = encodeText(vocabulary, prompt);
  for (let k = 0; k < length; k++) {
    const { outputs } = await session.run({ tokens: int32Tensor([1, ids.length], ids) });
    const data = outputs.probabilities.data as Float64Array;
    ids.push(argmax(data.subarray(data.length - V)));
  }
  return ids.map((id) => vocabulary.tokens[id]).join('');
}

describe('rnnkit generate', () => {
  it('prints the prompt and its greedy continuation, the same on the reference and the default backend', async () => {
    const expected = await greedyByHand('bad', 15);
    for (const backend of ['reference', undefined]) {
      const argv = [
        'generate',
        modelPath,
        '--prompt',
        'bad',
        '--length',
        '15',
        '--temperature',
        '0',
      ];
      const result = await cli(...argv, ...(backend ? ['--backend', backend] : []));
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(`${expected}\n`);
    }
  });

  it('samples deterministically for a seed; --json reports tokens and the stop reason', async () => {
    const argv = [
      'generate',
      modelPath,
      '--prompt',
      'fa',
      '--length',
      '30',
      '--seed',
      '3',
      '--top-k',
      '4',
      '--top-p',
      '0.9',
    ];
    const first = await cli(...argv, '--json', '--backend', 'reference');
    const second = await cli(...argv, '--json', '--backend', 'reference');
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(second.stdout);
    const report = JSON.parse(first.stdout);
    expect(report.tokens).toHaveLength(report.stopReason === 'length' ? 30 : report.tokens.length);
    expect(report.text).toBe(report.tokens.map((id: number) => vocabulary.tokens[id]).join(''));
    const other = JSON.parse(
      (await cli(...argv.slice(0, -4), '--seed', '4', '--json', '--backend', 'reference')).stdout,
    );
    expect(other.text).not.toBe(report.text);
  });

  it('takes token ids with --prompt-ids and prints ids without a vocabulary', async () => {
    const result = await cli(
      'generate',
      modelPath,
      '--prompt-ids',
      encodeText(vocabulary, 'bc').join(','),
      '--length',
      '3',
      '--temperature',
      '0',
      '--vocabulary',
      vocabularyPathFor(modelPath),
      '--json',
    );
    expect(result.code).toBe(0);
    const ids = encodeText(vocabulary, await greedyByHand('bc', 3));
    expect(JSON.parse(result.stdout).tokens).toEqual(ids.slice(2));

    const bare = join(tempDir(), 'bare.json');
    await saveModelToFiles(model, bare);
    const plain = await cli(
      'generate',
      bare,
      '--prompt-ids',
      ids.slice(0, 2).join(','),
      '--length',
      '3',
      '--temperature',
      '0',
    );
    expect(plain.stdout).toBe(`${ids.join(' ')}\n`);
    const text = await cli('generate', bare, '--prompt', 'bc', '--length', '3');
    expect(text.code).toBe(2);
    expect(text.stderr).toMatch(/^error \[USAGE\]: --prompt text needs a character vocabulary/);
  });

  it('exits 2 with one line for bad input', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['--prompt', 'xyz', '--length', '3'],
        /^error \[INVALID_INPUT\]: character "x" at position 0/,
      ],
      [
        ['--prompt', 'ab', '--length', '3', '--temperature=-1'],
        /^error \[USAGE\]: --temperature must be a number >= 0/,
      ],
      [['--prompt', 'ab', '--length', '2.5'], /^error \[USAGE\]: --length must be an integer/],
      [['--prompt', 'ab', '--length', '3', '--top-p', '0'], /^error \[USAGE\]: --top-p/],
      [['--prompt', 'ab'], /^error \[USAGE\]: missing --length/],
      [['--length', '3'], /^error \[USAGE\]: give exactly one of --prompt/],
      [
        ['--prompt', 'ab', '--length', '3', '--vocabulary', '/nonexistent.vocab.json'],
        /^error \[INVALID_INPUT\]: cannot read the vocabulary/,
      ],
    ];
    for (const [extra, pattern] of cases) {
      const result = await cli('generate', modelPath, ...extra, '--backend', 'reference');
      expect(result.code, extra.join(' ')).toBe(2);
      expect(result.stderr).toMatch(pattern);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
