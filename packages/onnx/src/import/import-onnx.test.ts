import { readdirSync, readFileSync } from 'node:fs';
import {
  createReferenceBackend,
  float32Tensor,
  int32Tensor,
  type NamedTensors,
  RnnkitError,
  type Tensor,
} from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { type ExportOnnxOptions, exportOnnx } from '../export/index.js';
import { expectClose } from '../export/test-support/compare.js';
import { randomModel, SPEC_MATRIX } from '../export/test-support/spec-matrix.js';
import {
  decodeModel,
  decodeTensor,
  encodeModel,
  float32OnnxTensor,
  makeAttribute,
  OnnxDataType,
  type OnnxModel,
  tensorToFloat32,
  tensorToNumbers,
} from '../proto/index.js';
import { importOnnx, importOnnxDetailed } from './index.js';

const TOLERANCE = { atol: 1e-5, rtol: 1e-4 };

function readPb(url: URL): Tensor {
  const t = decodeTensor(new Uint8Array(readFileSync(url)));
  if (t.dataType === OnnxDataType.INT32 || t.dataType === OnnxDataType.INT64)
    return int32Tensor(t.dims, tensorToNumbers(t));
  return float32Tensor(t.dims, tensorToFloat32(t));
}

function nodeCases(folder: string): [string, URL][] {
  const root = new URL(`../__fixtures__/${folder}/`, import.meta.url);
  return readdirSync(root)
    .filter((name) => name.startsWith('test_'))
    .map((name) => [name, new URL(`${name}/`, root)]);
}

/** Runs one backend-test case on the reference executor and compares with its recorded outputs. */
async function runNodeCase(dir: URL): Promise<void> {
  const bytes = new Uint8Array(readFileSync(new URL('model.onnx', dir)));
  const onnx = decodeModel(bytes);
  const node = onnx.graph.node[0];
  const weightInputs = new Set([
    node.input[1],
    node.input[2],
    node.input[3],
    node.opType === 'LSTM' ? node.input[7] : undefined,
  ]);
  const data = new URL('test_data_set_0/', dir);
  const bind: NamedTensors = {};
  const feeds: NamedTensors = {};
  onnx.graph.input.forEach((input, i) => {
    const tensor = readPb(new URL(`input_${i}.pb`, data));
    if (weightInputs.has(input.name) || (node.opType === 'LSTM' && input.name === node.input[7]))
      bind[input.name] = tensor;
    else feeds[input.name] = tensor;
  });
  const imported = importOnnxDetailed(bytes, { bindInputs: bind });
  expect(imported.source).toBe('single-operator');
  const session = await createReferenceBackend().load(imported.model);
  const result = await session.run(imported.adaptInputs(feeds));
  const actual = imported.adaptOutputs(result);
  expect(Object.keys(actual).sort()).toEqual(onnx.graph.output.map((o) => o.name).sort());
  onnx.graph.output.forEach((output, i) => {
    const expected = readPb(new URL(`output_${i}.pb`, data));
    expectClose(actual[output.name], expected, output.name, TOLERANCE);
  });
}

describe('ONNX backend node cases on the reference executor', () => {
  const cases = nodeCases('onnx-node');
  it('has all 18 cases', () => expect(cases).toHaveLength(18));
  it.each(cases)('%s', async (_, dir) => runNodeCase(dir));
});

describe('extra node cases (linear_before_reset=1, variable sequence_lens)', () => {
  it.each(nodeCases('onnx-extra'))('%s', async (_, dir) => runNodeCase(dir));
});

describe('round trip spec -> ONNX -> spec', () => {
  const variants: [string, ExportOnnxOptions][] = [
    ['default', {}],
    ['opset 14', { opset: 14 }],
    ['streaming', { streamingState: true }],
  ];
  const cases = Object.keys(SPEC_MATRIX).flatMap((key) =>
    variants.map(([label, options]) => [key, label, options] as const),
  );
  it.each(cases)('%s (%s) gives back the same spec and weights', (key, _label, options) => {
    const model = randomModel(SPEC_MATRIX[key], 13);
    const bytes = exportOnnx(model, options);
    const imported = importOnnxDetailed(bytes);
    expect(imported.source).toBe('rnnkit');
    expect(imported.model.spec).toEqual(model.spec);
    expect([...imported.model.weights.keys()].sort()).toEqual([...model.weights.keys()].sort());
    for (const [name, tensor] of model.weights) {
      expect(imported.model.weights.get(name)?.shape, name).toEqual(tensor.shape);
      expect(imported.model.weights.get(name)?.data, name).toEqual(tensor.data);
    }
    expect(encodeModel(decodeModel(bytes))).toEqual(bytes);
    expect(exportOnnx(imported.model, options)).toEqual(bytes);
  });
});

function expectError(run: () => unknown, code: string, pattern: RegExp): RnnkitError {
  try {
    run();
  } catch (error) {
    expect(RnnkitError.isInstance(error), String(error)).toBe(true);
    expect((error as RnnkitError).code).toBe(code);
    expect((error as RnnkitError).message).toMatch(pattern);
    return error as RnnkitError;
  }
  throw new Error(`expected ${code}`);
}

function gruModel(): OnnxModel {
  const H = 2;
  const I = 3;
  return {
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: 'test',
    producerVersion: '',
    domain: '',
    modelVersion: 0,
    docString: '',
    graph: {
      name: 'g',
      node: [
        {
          name: 'gru_node',
          opType: 'GRU',
          domain: '',
          input: ['X', 'W', 'R'],
          output: ['Y', 'Y_h'],
          attribute: [
            makeAttribute.int('hidden_size', H),
            makeAttribute.int('linear_before_reset', 1),
          ],
        },
      ],
      initializer: [
        float32OnnxTensor('W', [1, 3 * H, I], new Float32Array(3 * H * I).fill(0.1)),
        float32OnnxTensor('R', [1, 3 * H, H], new Float32Array(3 * H * H).fill(0.2)),
      ],
      input: [{ name: 'X', type: { elemType: OnnxDataType.FLOAT, shape: ['T', 'B', I] } }],
      output: [{ name: 'Y' }, { name: 'Y_h' }],
      valueInfo: [],
    },
  };
}

describe('import refusals', () => {
  it('imports the hand-built GRU (baseline for the refusals below)', () => {
    const model = importOnnx(encodeModel(gruModel()));
    expect(model.spec.layers[0]).toMatchObject({
      type: 'gru',
      resetAfter: true,
      units: 2,
      returnSequences: true,
    });
  });

  it('refuses truncated and garbage bytes with MODEL_FORMAT', () => {
    const bytes = encodeModel(gruModel());
    expectError(() => importOnnx(bytes.subarray(0, bytes.length - 5)), 'MODEL_FORMAT', /byte/);
    expectError(() => importOnnx(new Uint8Array([0xff, 0xff, 0xff])), 'MODEL_FORMAT', /byte/);
  });

  it('refuses a missing initializer, naming it', () => {
    const model = gruModel();
    model.graph.initializer = model.graph.initializer.filter((t) => t.name !== 'R');
    const error = expectError(
      () => importOnnx(encodeModel(model)),
      'MODEL_FORMAT',
      /'R'.*missing initializer/,
    );
    expect(error.path).toBe('R');
  });

  it('refuses a cycle', () => {
    const model = gruModel();
    model.graph.node.push(
      { name: 'a', opType: 'Relu', domain: '', input: ['b_out'], output: ['a_out'], attribute: [] },
      { name: 'b', opType: 'Relu', domain: '', input: ['a_out'], output: ['b_out'], attribute: [] },
    );
    expectError(
      () => importOnnx(encodeModel(model)),
      'MODEL_FORMAT',
      /cycle through node 'a' \(Relu\), node 'b' \(Relu\)/,
    );
  });

  it('refuses weights whose dims disagree with hidden_size, naming the tensor', () => {
    const model = gruModel();
    model.graph.initializer[1] = float32OnnxTensor('R', [1, 6, 3], new Float32Array(18));
    const error = expectError(
      () => importOnnx(encodeModel(model)),
      'INVALID_WEIGHTS',
      /'R'.*\[1,6,3\]/,
    );
    expect(error.path).toBe('R');
  });

  it('refuses clip, input_forget=1, unknown attributes and weights fed at run time', () => {
    const clip = gruModel();
    clip.graph.node[0].attribute.push(makeAttribute.float('clip', 3));
    expectError(() => importOnnx(encodeModel(clip)), 'UNSUPPORTED_FEATURE', /gru_node.*clip/);
    const other = gruModel();
    other.graph.node[0].attribute.push(makeAttribute.int('mystery', 1));
    expectError(() => importOnnx(encodeModel(other)), 'UNSUPPORTED_FEATURE', /gru_node.*mystery/);
    const lstm = decodeModel(
      readFileSync(
        new URL('../__fixtures__/onnx-node/test_lstm_defaults/model.onnx', import.meta.url),
      ),
    );
    expectError(
      () => importOnnx(encodeModel(lstm)),
      'UNSUPPORTED_FEATURE',
      /'W' is fed at run time.*bindInputs/,
    );
    lstm.graph.node[0].attribute.push(makeAttribute.int('input_forget', 1));
    const bind = { W: float32Tensor([1, 12, 2]), R: float32Tensor([1, 12, 3]) };
    expectError(
      () => importOnnx(encodeModel(lstm), { bindInputs: bind }),
      'UNSUPPORTED_FEATURE',
      /input_forget/,
    );
  });

  it('refuses packed activation parameters it cannot read unambiguously', () => {
    const model = gruModel();
    model.graph.node[0].attribute.push(
      makeAttribute.strings('activations', ['HardSigmoid', 'Tanh']),
      makeAttribute.floats('activation_alpha', [0.2, 0.3]),
    );
    expectError(() => importOnnx(encodeModel(model)), 'UNSUPPORTED_FEATURE', /activation_alpha/);
  });

  it('refuses a tensor whose data size disagrees with its dims', () => {
    const model = gruModel();
    const bytes = encodeModel(model);
    // Shrink W's dims in the encoded bytes: dims [1, 6, 3] -> [1, 6, 2] keeps the length, breaks the size.
    const w = model.graph.initializer[0];
    const needle = [0x0a, 0x03, 0x01, 0x06, 0x03];
    const at = bytes.findIndex((_, i) => needle.every((b, j) => bytes[i + j] === b));
    expect(at).toBeGreaterThan(0);
    const broken = bytes.slice();
    broken[at + 4] = 0x02;
    expectError(
      () => importOnnx(broken),
      'MODEL_FORMAT',
      new RegExp(`tensor '${w.name}'.*raw_data holds 72 bytes`),
    );
  });

  it('refuses Loop and unknown operators, naming the node', () => {
    const model = gruModel();
    model.graph.node.push({
      name: 'the_loop',
      opType: 'Loop',
      domain: '',
      input: ['Y_h'],
      output: ['z'],
      attribute: [],
    });
    model.graph.output.push({ name: 'z' });
    expectError(
      () => importOnnx(encodeModel(model)),
      'UNSUPPORTED_FEATURE',
      /Loop node 'the_loop'/,
    );
  });

  it('refuses an rnnkit export edited after the fact', () => {
    const decoded = decodeModel(exportOnnx(randomModel(SPEC_MATRIX.lstm_sequence_softmax)));
    const softmax = decoded.graph.node.find((n) => n.opType === 'Softmax')!;
    softmax.opType = 'Sigmoid';
    softmax.attribute = [];
    expectError(
      () => importOnnx(encodeModel(decoded)),
      'UNSUPPORTED_FEATURE',
      /differs from what that spec exports/,
    );
  });

  it('refuses bindInputs naming no graph input', () => {
    expectError(
      () => importOnnx(encodeModel(gruModel()), { bindInputs: { nope: float32Tensor([1]) } }),
      'INVALID_INPUT',
      /'nope'/,
    );
  });
});
