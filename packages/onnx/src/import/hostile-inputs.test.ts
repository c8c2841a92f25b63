/**
 * Regression tests for classes of hostile ONNX files a fuzzing run found: each must end as a
 * clean RnnkitError, quickly (before: a TypeError, a RangeError, or a loop over a huge sparse
 * array).
 */
import { initializeWeights, type ModelSpec, RnnkitError } from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { exportOnnxModel } from '../export/export-onnx.js';
import { decodeModel, encodeModel } from '../proto/index.js';
import {
  OnnxAttributeType,
  OnnxDataType,
  type OnnxModel,
  type OnnxNode,
  type OnnxTensor,
} from '../proto/types.js';
import { importOnnx } from './import-onnx.js';

function node(
  opType: string,
  input: string[],
  output: string[],
  attribute: OnnxNode['attribute'] = [],
): OnnxNode {
  return { name: `${opType}_${output[0]}`, opType, domain: '', input, output, attribute };
}

function int64Const(name: string, values: number[]): OnnxNode {
  const value: OnnxTensor = {
    name: '',
    dims: [values.length],
    dataType: OnnxDataType.INT64,
    int64Data: values,
  } as OnnxTensor;
  return node(
    'Constant',
    [],
    [name],
    [{ name: 'value', type: OnnxAttributeType.TENSOR, t: value }],
  );
}

/** A graph x -> <nodes> -> y around a tiny torch-style body (the lifter reads the nodes in order). */
function graphModel(nodes: OnnxNode[], output: string): Uint8Array {
  const model: OnnxModel = {
    irVersion: 8,
    opsetImport: [{ domain: '', version: 14 }],
    producerName: 'pytorch',
    producerVersion: '',
    domain: '',
    modelVersion: 0,
    docString: '',
    graph: {
      name: 'g',
      node: nodes,
      initializer: [],
      input: [{ name: 'x', type: { elemType: OnnxDataType.FLOAT, shape: [1, 3, 2] } }],
      output: [{ name: output, type: { elemType: OnnxDataType.INT64 } }],
      valueInfo: [],
    },
  };
  return encodeModel(model);
}

function refusal(bytes: Uint8Array): RnnkitError {
  const started = performance.now();
  try {
    importOnnx(bytes);
  } catch (error) {
    expect(performance.now() - started).toBeLessThan(2000);
    if (RnnkitError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('hostile ONNX graphs end as RnnkitErrors', () => {
  it('a Concat of constants along axis 2^31', () => {
    const bytes = graphModel(
      [
        int64Const('a', [1, 2]),
        int64Const('b', [3]),
        node(
          'Concat',
          ['a', 'b'],
          ['y'],
          [{ name: 'axis', type: OnnxAttributeType.INT, i: 2 ** 31 }],
        ),
      ],
      'y',
    );
    expect(refusal(bytes).message).toMatch(/Concat axis 2147483648 is outside a rank-1 value/);
  });

  it('a Concat with no inputs', () => {
    const bytes = graphModel(
      [node('Concat', [], ['y'], [{ name: 'axis', type: OnnxAttributeType.INT, i: 0 }])],
      'y',
    );
    expect(refusal(bytes).message).toMatch(/Concat needs at least one input/);
  });

  it('a Slice whose axes constant is 2^31', () => {
    const bytes = graphModel(
      [
        int64Const('data', [1, 2, 3, 4]),
        int64Const('starts', [0]),
        int64Const('ends', [1]),
        int64Const('axes', [2 ** 31]),
        node('Slice', ['data', 'starts', 'ends', 'axes'], ['y']),
      ],
      'y',
    );
    expect(refusal(bytes).message).toMatch(/Slice axes \[2147483648\] are not distinct axes/);
  });

  it('a Transpose whose perm is not a permutation', () => {
    const bytes = graphModel(
      [
        int64Const('data', [1, 2, 3, 4]),
        node(
          'Transpose',
          ['data'],
          ['y'],
          [{ name: 'perm', type: OnnxAttributeType.INTS, ints: [7] }],
        ),
      ],
      'y',
    );
    expect(refusal(bytes).message).toMatch(/not a permutation/);
  });

  it('an rnnkit export carrying an integer attribute beyond 2^53', () => {
    const spec: ModelSpec = {
      format: 'rnnkit-model',
      formatVersion: 1,
      input: { name: 'x', type: 'features', size: 2 },
      layers: [{ type: 'gru', name: 'gru', units: 2, resetAfter: true }],
      output: { name: 'y' },
    };
    const model = exportOnnxModel({ spec, weights: initializeWeights(spec, { seed: 1 }) });
    const gru = model.graph.node.find((n) => n.opType === 'GRU') as OnnxNode;
    // 2^52 + 1 encodes as an 8-byte varint; setting bit 55 in place makes it 2^55 + 2^52 + 1
    // without changing any length, a value JavaScript numbers cannot hold exactly.
    gru.attribute.push({ name: 'zz_big', type: OnnxAttributeType.INT, i: 2 ** 52 + 1 });
    const bytes = encodeModel(model);
    const pattern = [0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x08];
    const at = bytes.findIndex((_, i) => pattern.every((b, j) => bytes[i + j] === b));
    expect(at).toBeGreaterThan(0);
    bytes[at + 7] |= 0x40;
    expect(
      decodeModel(bytes)
        .graph.node.find((n) => n.opType === 'GRU')
        ?.attribute.at(-1)?.i,
    ).toBeGreaterThan(2 ** 53);
    const error = refusal(bytes);
    expect(error.code).toBe('UNSUPPORTED_FEATURE');
    expect(error.message).toMatch(/differs from what that spec exports/);
  });
});
