/** `rnnkit convert --to triton`: the repository layout, and the ONNX model in it run as Triton would. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createReferenceBackend,
  gruLanguageModelSpec,
  initializeWeights,
  int32Tensor,
  TOLERANCES,
} from '@rnnkit/core';
import { saveModelToFiles } from '@rnnkit/core/node';
import * as ort from 'onnxruntime-node';
import { expect, it } from 'vitest';
import { cli, tempDir } from '../test-support/cli.js';

it('writes <dir>/<name>/config.pbtxt and 1/model.onnx that streams with Triton-held state', async () => {
  const dir = tempDir();
  const spec = gruLanguageModelSpec({ vocabularySize: 20, embeddingDim: 4, units: 6 });
  const model = { spec, weights: initializeWeights(spec, { seed: 4 }) };
  const specPath = join(dir, 'lm.json');
  await saveModelToFiles(model, specPath);

  const repo = join(dir, 'models');
  const result = await cli(
    'convert',
    specPath,
    repo,
    '--to',
    'triton',
    '--name',
    'lm',
    '--max-batch-size',
    '16',
  );
  expect(result.code, result.stderr).toBe(0);
  const config = readFileSync(join(repo, 'lm/config.pbtxt'), 'utf8');
  expect(config).toMatch(/^name: "lm"$/m);
  expect(config).toMatch(/^max_batch_size: 16$/m);
  expect(config).toContain('input_name: "state_in/gru/h"');
  expect(existsSync(join(repo, 'lm/1/model.onnx'))).toBe(true);

  // Two requests of one sequence; the state goes from state_out to state_in as Triton carries it.
  const session = await ort.InferenceSession.create(join(repo, 'lm/1/model.onnx'));
  const ids = [3, 17, 9, 1];
  let state: ort.Tensor = new ort.Tensor('float32', new Float32Array(6), [1, 1, 6]);
  const probabilities: number[] = [];
  for (const chunk of [ids.slice(0, 1), ids.slice(1)]) {
    const out = await session.run({
      tokens: new ort.Tensor('int32', Int32Array.from(chunk), [1, chunk.length]),
      'state_in/gru/h': state,
    });
    state = out['state_out/gru/h'];
    probabilities.push(...(out.probabilities.data as Float32Array));
  }
  await session.release();
  const reference = await createReferenceBackend().load(model);
  const expected = (await reference.run({ tokens: int32Tensor([1, 4], ids) })).outputs
    .probabilities;
  const { atol, rtol } = TOLERANCES['ort-node-cpu'];
  expect(probabilities).toHaveLength(expected.data.length);
  probabilities.forEach((p, i) => {
    const e = Number(expected.data[i]);
    expect(Math.abs(p - e)).toBeLessThanOrEqual(atol + rtol * Math.abs(e));
  });
});

it('refuses bad triton options with exit 2', async () => {
  const dir = tempDir();
  for (const args of [
    ['convert', 'a.json', dir, '--to', 'triton', '--max-batch-size', '0'],
    ['convert', 'a.json', join(dir, 'b.onnx'), '--name', 'x'],
  ]) {
    const result = await cli(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--max-batch-size|--name/);
  }
});
