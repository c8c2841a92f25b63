/** Help, usage errors, exit codes and error lines for every command. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, fixtures, tempDir } from '../test-support/cli.js';
import { COMMANDS } from './main.js';

const ONE_ERROR_LINE = /^error \[[A-Z_]+\]: [^\n]+\n$/;

describe('rnnkit usage', () => {
  it('prints the command list for --help (exit 0) and without a command (exit 2)', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    for (const command of COMMANDS) expect(help.stdout).toContain(command.name);
    expect((await cli()).code).toBe(2);
  });

  it.each(COMMANDS.map((c) => c.name))('%s --help prints its usage and exits 0', async (name) => {
    const result = await cli(name, '--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^usage: rnnkit ${name}`));
    expect(result.stderr).toBe('');
  });

  it('refuses an unknown command, an unknown option and a missing argument with one USAGE line', async () => {
    for (const argv of [
      ['frobnicate'],
      ['inspect', '--frobnicate', 'x.onnx'],
      ['inspect'],
      ['run', join(fixtures, 'torch-export/gru_seq_time_major_opset14.onnx')],
      ['convert', 'a.json'],
      ['convert', 'a.json', 'b.txt'],
      ['convert', 'a.json', 'b.onnx', '--to', 'pickle'],
      ['conformance', '--input', 'x.json'],
      ['conformance', '--seed', 'abc'],
      ['backends', 'extra'],
    ]) {
      const result = await cli(...argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr, argv.join(' ')).toMatch(ONE_ERROR_LINE);
      expect(result.stderr).toMatch(/^error \[USAGE\]/);
      expect(result.stdout).toBe('');
    }
  });

  it('refuses an unknown backend id, naming the known ones', async () => {
    const onnx = join(fixtures, 'torch-export/gru_seq_time_major_opset14.onnx');
    const run = await cli('run', onnx, '--backend', 'tfjs-gpu', '--input', 'in.json');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(ONE_ERROR_LINE);
    expect(run.stderr).toContain("unknown backend 'tfjs-gpu'");
    expect(run.stderr).toContain('ort-node-cpu');
    const conformance = await cli('conformance', onnx, '--backends', 'reference,nope');
    expect(conformance.code).toBe(2);
    expect(conformance.stderr).toContain("unknown backend 'nope'");
  });

  it('says a file that is not a model is not one: exit 2, one MODEL_FORMAT line, no stack', async () => {
    const dir = tempDir();
    const files: Record<string, string | Uint8Array> = {
      'notes.txt': 'hello, I am not a model\n',
      'data.json': '{ "x": { "dtype": "float32", "shape": [1], "data": [1] } }',
      'broken.json': '{ "format": "rnnkit-model", ',
      'fake.onnx': 'not protobuf at all',
      'fake.h5': 'not hdf5',
      'empty.onnx': '',
    };
    for (const [name, content] of Object.entries(files)) {
      writeFileSync(join(dir, name), content);
      for (const command of [
        ['inspect'],
        ['run', '--input', 'in.json'],
        ['convert', '--to', 'onnx'],
      ]) {
        const argv =
          command[0] === 'convert'
            ? ['convert', join(dir, name), join(dir, 'out.onnx')]
            : [command[0], join(dir, name), ...command.slice(1)];
        const result = await cli(...argv);
        expect(result.code, `${argv.join(' ')}`).toBe(2);
        expect(result.stderr, name).toMatch(ONE_ERROR_LINE);
        expect(result.stderr, name).toMatch(/^error \[MODEL_FORMAT\]: .*not a model rnnkit reads/);
        expect(result.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
      }
    }
    const missing = await cli('inspect', join(dir, 'nowhere.onnx'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /^error \[MODEL_FORMAT\]: cannot read .*nowhere\.onnx: no such file\n$/,
    );
  });

  it('prints the stack only with --verbose', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.txt'), 'plain text');
    const quiet = await cli('inspect', join(dir, 'notes.txt'));
    const verbose = await cli('inspect', join(dir, 'notes.txt'), '--verbose');
    expect(quiet.stderr.split('\n')).toHaveLength(2);
    expect(verbose.code).toBe(2);
    expect(verbose.stderr.split('\n')[0]).toBe(quiet.stderr.trim());
    expect(verbose.stderr).toMatch(/detect-format/);
  });
});
