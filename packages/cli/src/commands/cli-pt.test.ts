/**
 * `rnnkit inspect/run/convert model.pt`: torch.save checkpoints through the CLI, with the
 * structure from a module description saved beside the file, against PyTorch's own outputs
 * (the fixtures and cases.json are @rnnkit/torch's, written by make_pt_fixtures.py).
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareTensors, float32Tensor, readTensorJson, writeTensorJson } from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../test-support/cli.js';

const torchFixtures = new URL('../../../torch/src/__fixtures__/', import.meta.url);
const ptCases = JSON.parse(
  readFileSync(new URL('pt-written/cases.json', torchFixtures), 'utf8'),
) as Record<
  string,
  { input: { shape: number[]; data: number[] }; output: { shape: number[]; data: number[] } }
>;

const MODULES = {
  modules: [
    { kind: 'lstm', prefix: 'lstm', output: 'lastStep' },
    { kind: 'linear', prefix: 'fc' },
  ],
};

function place(name: string, withModules: boolean): string {
  const dir = tempDir();
  const path = join(dir, 'model.pt');
  copyFileSync(new URL(`pt-written/${name}.pt`, torchFixtures), path);
  if (withModules) writeFileSync(join(dir, 'model.modules.json'), JSON.stringify(MODULES));
  return path;
}

describe('rnnkit on torch.save checkpoints', () => {
  it('without a description, asks the questions the names cannot answer (exit 2)', async () => {
    const result = await cli('inspect', place('lstm_fc_zip', false));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/does not determine the model/);
    expect(result.stderr).toMatch(/model\.modules\.json beside model\.pt/);
  });

  it.each(['lstm_fc_zip', 'lstm_fc_legacy'])(
    '%s: inspect, then run matches PyTorch',
    async (name) => {
      const path = place(name, true);
      const inspect = await cli('inspect', path);
      expect(inspect.code).toBe(0);
      expect(inspect.stdout).toContain('format: PyTorch state dict (.safetensors, .pt)');
      expect(inspect.stdout).toMatch(/lstm\s+units 4/);

      const { input, output } = ptCases[name];
      const inputPath = join(path, '..', 'in.json');
      writeFileSync(inputPath, writeTensorJson({ x: float32Tensor(input.shape, input.data) }));
      const run = await cli('run', path, '--input', inputPath);
      expect(run.code).toBe(0);
      const outputs = readTensorJson(run.stdout);
      const [actual] = Object.values(outputs);
      const expected = float32Tensor(output.shape, output.data);
      expect(compareTensors(actual, expected, { atol: 1e-5, rtol: 1e-4 }).pass).toBe(true);
    },
  );

  it('converts a .pt to an rnnkit spec + safetensors', async () => {
    const path = place('lstm_fc_zip', true);
    const out = join(path, '..', 'converted.json');
    const result = await cli('convert', path, out);
    expect(result.code).toBe(0);
    expect(
      JSON.parse(readFileSync(out, 'utf8')).layers.map((l: { type: string }) => l.type),
    ).toEqual(['lstm', 'dense']);
  });

  it('a whole pickled module: exit 2, one line, the refused global named', async () => {
    const dir = tempDir();
    const path = join(dir, 'rnn.pt');
    copyFileSync(new URL('torch-pt/dvclassifier-embedding-rnn/rnn.pt', torchFixtures), path);
    const result = await cli('inspect', path);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/refusing pickle global '__main__\.RNN'/);
  });
});
