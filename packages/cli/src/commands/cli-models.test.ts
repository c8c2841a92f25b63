/**
 * inspect, run, convert and conformance on real backends, against independent values: PyTorch's
 * own outputs for the torch.onnx.export fixtures, and the reference executor for spec models.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  compareTensors,
  createReferenceBackend,
  expectedWeights,
  float32Tensor,
  initializeWeights,
  type Model,
  type ModelSpec,
  type NamedTensors,
  readTensorJson,
  type Tensor,
  toleranceFor,
  writeTensorJson,
} from '@rnnkit/core';
import { saveModelToFiles } from '@rnnkit/core/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, fixtures, tempDir } from '../test-support/cli.js';

const torch = (name: string) => join(fixtures, 'torch-export', name);
const GRU_ONNX = torch('gru_seq_time_major_opset14.onnx');
const RNN_ONNX = torch('rnn_relu_2layer_h0_states_opset13.onnx');

/** A small spec with a state per layer, a bidirectional layer and a dense head per step. */
const spec: ModelSpec = {
  format: 'rnnkit-model',
  formatVersion: 1,
  name: 'cli-test',
  input: { name: 'x', type: 'features', size: 3 },
  layers: [
    { type: 'lstm', name: 'encoder', units: 4, returnSequences: true },
    { type: 'gru', name: 'decoder', units: 5, returnSequences: true, resetAfter: true },
    { type: 'dense', name: 'head', units: 2, activation: 'tanh' },
  ],
  output: { name: 'y' },
};

function sequence(batch: number, time: number, offset = 0): Tensor {
  return float32Tensor(
    [batch, time, 3],
    Array.from({ length: batch * time * 3 }, (_, i) => Math.sin(0.37 * (i + offset)) * 0.9),
  );
}

async function reference(model: Model, inputs: NamedTensors) {
  const session = await createReferenceBackend().load(model);
  return session.run(inputs);
}

function expectClose(actual: Tensor, expected: Tensor, atol = 1e-5) {
  expect(actual.shape).toEqual(expected.shape);
  const comparison = compareTensors(actual, expected, { atol, rtol: 1e-5 });
  expect(comparison.pass, `max |err| ${comparison.maxAbsError}`).toBe(true);
}

const readJson = (path: string) => readTensorJson(readFileSync(path, 'utf8'));

let dir: string;
let specPath: string;
let model: Model;
let inputPath: string;

beforeAll(async () => {
  dir = tempDir();
  model = { spec, weights: initializeWeights(spec, { seed: 7 }) };
  specPath = join(dir, 'model.json');
  await saveModelToFiles(model, specPath);
  inputPath = join(dir, 'in.json');
  writeFileSync(inputPath, writeTensorJson({ x: sequence(2, 6) }));
});

describe('rnnkit backends', () => {
  it('lists every backend, usable here or with the reason it is not', async () => {
    const result = await cli('backends', '--json');
    expect(result.code).toBe(0);
    const list = JSON.parse(result.stdout) as {
      id: string;
      usable: boolean;
      reason?: string;
      detail?: string;
    }[];
    expect(list.map((b) => b.id)).toEqual([
      'reference',
      'tfjs-cpu',
      'tfjs-wasm',
      'ort-node-cpu',
      'ort-web-wasm',
      'rnnkit-wasm',
      'tfjs-webgl',
      'tfjs-webgpu',
      'ort-web-webgpu',
    ]);
    expect(list.find((b) => b.id === 'reference')?.usable).toBe(true);
    expect(list.find((b) => b.id === 'ort-node-cpu')?.usable).toBe(true);
    expect(list.find((b) => b.id === 'rnnkit-wasm')?.usable).toBe(true);
    // Which kernel build it runs: SIMD128 in a Node 20 without --experimental-wasm-relaxed-simd.
    expect(list.find((b) => b.id === 'rnnkit-wasm')?.detail).toMatch(
      /^(SIMD128|relaxed-SIMD) kernels/,
    );
    for (const b of list.filter((b) => !b.usable)) expect(b.reason).toBeTruthy();
    const table = await cli('backends');
    expect(table.stdout).toMatch(/tfjs-webgpu\s+unusable\s+browser\s+browser only/);
    expect(table.stdout).toMatch(/rnnkit-wasm\s+usable\s+node\s+(SIMD128|relaxed-SIMD) kernels/);
  });
});

describe('rnnkit inspect', () => {
  it('shows a spec model: layers, shapes, parameter count, inputs and outputs', async () => {
    const result = await cli('inspect', specPath);
    expect(result.code).toBe(0);
    const parameters = expectedWeights(spec).reduce(
      (sum, w) => sum + w.shape.reduce((a, b) => a * b, 1),
      0,
    );
    expect(result.stdout).toContain('format: rnnkit spec');
    expect(result.stdout).toMatch(/encoder\s+lstm\s+units 4, forward, returns sequences/);
    expect(result.stdout).toMatch(/decoder\s+gru\s+units 5.*resetAfter true\s+\[batch, time, 5\]/);
    expect(result.stdout).toContain(`${parameters.toLocaleString('en-US')} parameters`);
    expect(result.stdout).toMatch(/inputs:\n\s+x\s+float32\s+\[batch, time, 3\]/);
    expect(result.stdout).toMatch(/outputs:\n\s+y\s+float32\s+\[batch, time, 2\]/);
  });

  it("shows an ONNX export with the graph's own names and time-major layout", async () => {
    const result = await cli('inspect', GRU_ONNX);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('format: ONNX (torch-graph, opset 14)');
    expect(result.stdout).toMatch(/gru\s+units 4/);
    expect(result.stdout).toMatch(/inputs:\n\s+features\s+float32\s+\[time, batch, 5\]/);
    const json = JSON.parse((await cli('inspect', GRU_ONNX, '--json')).stdout);
    expect(json.format).toBe('onnx');
    expect(json.outputs[0].name).toBe('output');
  });

  it('reads a Keras .h5 file', async () => {
    const result = await cli('inspect', join(fixtures, 'keras/simple_rnn_tf_keras_2_model.h5'));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('format: Keras HDF5');
    expect(result.stdout).toMatch(/simpleRnn\s+units 50/);
  });
});

describe('rnnkit run', () => {
  it('runs a spec model on tfjs-cpu: tensor JSON in, the reference executor out', async () => {
    const output = join(dir, 'run-out.json');
    const result = await cli(
      'run',
      specPath,
      '--backend',
      'tfjs-cpu',
      '--input',
      inputPath,
      '--output',
      output,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    const expected = await reference(model, { x: sequence(2, 6) });
    const actual = readJson(output);
    expect(Object.keys(actual)).toEqual(['y']);
    const tolerance = toleranceFor('tfjs-cpu');
    expect(compareTensors(actual.y, expected.outputs.y, tolerance).pass).toBe(true);
  });

  it('prints the outputs to stdout without --output; a single input under any name is accepted', async () => {
    const other = join(dir, 'renamed.json');
    writeFileSync(other, writeTensorJson({ whatever: sequence(2, 6) }));
    const result = await cli('run', specPath, '--input', other);
    expect(result.code).toBe(0);
    const expected = await reference(model, { x: sequence(2, 6) });
    expectClose(readTensorJson(result.stdout).y, expected.outputs.y, 1e-9);
  });

  it('streams through --state-out and --state-in like one run over the joined sequence', async () => {
    const first = join(dir, 'first.json');
    const second = join(dir, 'second.json');
    const state = join(dir, 'state.json');
    const whole = sequence(1, 7);
    const head = float32Tensor([1, 4, 3], (whole.data as Float32Array).slice(0, 12));
    const tail = float32Tensor([1, 3, 3], (whole.data as Float32Array).slice(12));
    writeFileSync(first, writeTensorJson({ x: head }));
    writeFileSync(second, writeTensorJson({ x: tail }));
    expect(
      (
        await cli(
          'run',
          specPath,
          '--backend',
          'ort-node-cpu',
          '--input',
          first,
          '--state-out',
          state,
        )
      ).code,
    ).toBe(0);
    const stateTensors = readJson(state);
    expect(Object.keys(stateTensors).sort()).toEqual(['decoder/h', 'encoder/c', 'encoder/h']);
    expect(stateTensors['encoder/h'].shape).toEqual([1, 1, 4]);
    const result = await cli(
      'run',
      specPath,
      '--backend',
      'ort-node-cpu',
      '--input',
      second,
      '--state-in',
      state,
    );
    expect(result.code).toBe(0);
    const joined = (await reference(model, { x: whole })).outputs.y;
    const lastSteps = float32Tensor([1, 3, 2], Array.from(joined.data as Float64Array).slice(8));
    expectClose(readTensorJson(result.stdout).y, lastSteps);
  });

  it('refuses a state file naming no layer of the model (exit 2, INVALID_STATE)', async () => {
    const state = join(dir, 'bad-state.json');
    writeFileSync(state, writeTensorJson({ 'nope/h': float32Tensor([1, 2, 4]) }));
    const result = await cli('run', specPath, '--input', inputPath, '--state-in', state);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^error \[INVALID_STATE\]: .*'nope\/h'.*encoder\/h, encoder\/c, decoder\/h\)\n$/,
    );
  });

  it('refuses malformed and mis-shaped inputs with one INVALID_INPUT line', async () => {
    const broken = join(dir, 'broken-in.json');
    writeFileSync(broken, '{ "x": { "dtype": "float32", "shape": [1, 2, 3], "data": [1, 2] } }');
    const a = await cli('run', specPath, '--input', broken);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/^error \[INVALID_INPUT\]: .*needs 6 values, found 2\n$/);
    const wrong = join(dir, 'wrong-in.json');
    writeFileSync(wrong, writeTensorJson({ x: float32Tensor([1, 2, 4]) }));
    const b = await cli('run', specPath, '--input', wrong);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/^error \[INVALID_INPUT\]: [^\n]+\n$/);
    const missing = await cli('run', specPath, '--input', join(dir, 'absent.json'));
    expect(missing.stderr).toMatch(
      /^error \[INVALID_INPUT\]: cannot read the input file .*no such file\n$/,
    );
  });

  it("runs a PyTorch ONNX export on ort-node-cpu with the graph's names and layouts, matching PyTorch", async () => {
    const result = await cli(
      'run',
      RNN_ONNX,
      '--backend',
      'ort-node-cpu',
      '--input',
      torch('rnn_relu_2layer_h0_states_opset13.inputs.json'),
    );
    expect(result.code).toBe(0);
    const actual = readTensorJson(result.stdout);
    const pytorch = readJson(torch('rnn_relu_2layer_h0_states_opset13.outputs.json'));
    expect(Object.keys(actual).sort()).toEqual(Object.keys(pytorch).sort());
    for (const name of Object.keys(pytorch)) expectClose(actual[name], pytorch[name]);
  });

  it('takes time-major input for a time-major export and gives time-major output (tfjs-wasm)', async () => {
    const result = await cli(
      'run',
      GRU_ONNX,
      '--backend',
      'tfjs-wasm',
      '--input',
      torch('gru_seq_time_major_opset14.inputs.json'),
    );
    expect(result.code).toBe(0);
    const pytorch = readJson(torch('gru_seq_time_major_opset14.outputs.json'));
    expectClose(readTensorJson(result.stdout).output, pytorch.output);
  });
});

describe('rnnkit convert', () => {
  it('spec -> ONNX -> run gives the outputs of the spec model', async () => {
    const onnx = join(dir, 'converted.onnx');
    const converted = await cli('convert', specPath, onnx);
    expect(converted.code).toBe(0);
    expect(converted.stderr).toContain(onnx);
    const fromOnnx = await cli('run', onnx, '--backend', 'ort-node-cpu', '--input', inputPath);
    const fromSpec = await cli('run', specPath, '--backend', 'ort-node-cpu', '--input', inputPath);
    expect(fromOnnx.code).toBe(0);
    expect(readTensorJson(fromOnnx.stdout)).toEqual(readTensorJson(fromSpec.stdout));
    const expected = await reference(model, { x: sequence(2, 6) });
    expectClose(readTensorJson(fromOnnx.stdout).y, expected.outputs.y);
  });

  it('spec -> ONNX -> rnnkit spec, PyTorch state dict and TF.js layers: each runs like the spec', async () => {
    // A model TF.js layers can express too (its GRU has no reset_after, so an LSTM here).
    const simple: ModelSpec = {
      format: 'rnnkit-model',
      formatVersion: 1,
      input: { name: 'x', type: 'features', size: 3 },
      layers: [
        { type: 'lstm', name: 'lstm', units: 4, returnSequences: false },
        { type: 'dense', name: 'out', units: 2, activation: 'sigmoid' },
      ],
      output: { name: 'out' },
    };
    const simpleModel = { spec: simple, weights: initializeWeights(simple, { seed: 3 }) };
    const simplePath = join(dir, 'simple.json');
    await saveModelToFiles(simpleModel, simplePath);
    const onnx = join(dir, 'simple.onnx');
    expect((await cli('convert', simplePath, onnx, '--opset', '14')).code).toBe(0);
    const expected = (await reference(simpleModel, { x: sequence(2, 6) })).outputs.out;
    const targets: [string, string[]][] = [
      ['again.json', []],
      ['torch.safetensors', []],
      ['tfjs/model.json', ['--to', 'tfjs-layers']],
    ];
    for (const [name, flags] of targets) {
      const out = join(dir, name);
      const result = await cli('convert', onnx, out, ...flags);
      expect(result.code, `${name}: ${result.stderr}`).toBe(0);
      const run = await cli('run', out, '--input', inputPath, '--backend', 'ort-node-cpu');
      expect(run.code, `${name}: ${run.stderr}`).toBe(0);
      const outputs = readTensorJson(run.stdout);
      expect(Object.keys(outputs), name).toHaveLength(1);
      expectClose(Object.values(outputs)[0], expected);
    }
    expect(existsSync(join(dir, 'tfjs/model.weights.bin'))).toBe(true);
    expect((await cli('inspect', join(dir, 'torch.safetensors'))).stdout).toContain(
      'format: PyTorch state dict',
    );
  });

  it('refuses what the target format cannot express (exit 2, UNSUPPORTED_FEATURE)', async () => {
    // TF.js's GRU cell has no reset_after: the spec's decoder layer needs it.
    const result = await cli(
      'convert',
      specPath,
      join(dir, 'refused/model.json'),
      '--to',
      'tfjs-layers',
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error \[UNSUPPORTED_FEATURE\]: [^\n]+\n$/);
  });
});

describe('rnnkit conformance <model>', () => {
  it('runs the model on every Node backend against the reference and writes reports', async () => {
    const json = join(dir, 'report.json');
    const html = join(dir, 'report.html');
    const result = await cli('conformance', specPath, '--json', json, '--html', html);
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toMatch(/model\.json\s+ok .*ok .*ok .*ok .*ok/);
    expect(result.stdout).toContain('1 cases x 6 backends');
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.cells).toHaveLength(6);
    expect(readFileSync(html, 'utf8')).toContain('<table>');
  });

  it("compares an ONNX export with PyTorch's outputs given as --expected", async () => {
    const result = await cli(
      'conformance',
      GRU_ONNX,
      '--input',
      torch('gru_seq_time_major_opset14.inputs.json'),
      '--expected',
      torch('gru_seq_time_major_opset14.outputs.json'),
      '--backends',
      'reference,ort-node-cpu,tfjs-cpu',
    );
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain('3 passed, 0 failed');
  });

  it('PLANTED FAULT: one perturbed expected value fails every backend (exit 1), naming the output', async () => {
    const pytorch = readJson(torch('rnn_relu_2layer_h0_states_opset13.outputs.json'));
    const perturbed = {
      ...pytorch,
      h_n: { ...pytorch.h_n, data: Float32Array.from(pytorch.h_n.data as Float32Array) },
    };
    (perturbed.h_n.data as Float32Array)[7] += 0.01;
    const expectedPath = join(dir, 'perturbed.json');
    writeFileSync(expectedPath, writeTensorJson(perturbed));
    const json = join(dir, 'fault.json');
    const result = await cli(
      'conformance',
      RNN_ONNX,
      '--input',
      torch('rnn_relu_2layer_h0_states_opset13.inputs.json'),
      '--expected',
      expectedPath,
      '--backends',
      'reference,ort-node-cpu,tfjs-wasm',
      '--json',
      json,
    );
    expect(result.code).toBe(1);
    for (const backend of ['reference', 'ort-node-cpu', 'tfjs-wasm']) {
      expect(result.stdout).toMatch(
        new RegExp(
          `FAIL rnn_relu_2layer_h0_states_opset13\\.onnx on ${backend}: h_n: max \\|err\\| 1\\.0e-2, 1/30 outside tolerance`,
        ),
      );
    }
    expect(result.stdout).not.toMatch(/output: max/);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    const failing = report.cells.flatMap((cell: { outputs: { name: string; pass: boolean }[] }) =>
      cell.outputs.filter((o) => !o.pass).map((o) => o.name),
    );
    expect(failing).toEqual(['h_n', 'h_n', 'h_n']);
  });

  it('refuses an --expected tensor the model does not output (exit 2)', async () => {
    const expectedPath = join(dir, 'stranger.json');
    writeFileSync(expectedPath, writeTensorJson({ z: float32Tensor([1]) }));
    const result = await cli(
      'conformance',
      specPath,
      '--expected',
      expectedPath,
      '--backends',
      'reference',
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^error \[INVALID_INPUT\]: .*'z' is not an output of this model \(outputs: y\)\n$/,
    );
  });
});
