import { readdirSync, readFileSync } from 'node:fs';
import { RnnkitError } from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import {
  decodeModel,
  decodeTensor,
  encodeModel,
  encodeTensor,
  float32OnnxTensor,
  makeAttribute,
  OnnxDataType,
  type OnnxModel,
  tensorToFloat32,
  tensorToNumbers,
} from './index.js';
import { WireWriter } from './wire-writer.js';

const fixtures = new URL('../__fixtures__/onnx-node/', import.meta.url);
const cases = readdirSync(fixtures).filter((name) => name.startsWith('test_'));
const modelBytes = (name: string) =>
  new Uint8Array(readFileSync(new URL(`${name}/model.onnx`, fixtures)));

function expectFormatError(run: () => unknown, pattern?: RegExp): RnnkitError {
  try {
    run();
  } catch (error) {
    expect(RnnkitError.isInstance(error)).toBe(true);
    const e = error as RnnkitError;
    expect(e.code).toBe('MODEL_FORMAT');
    if (pattern) expect(e.message).toMatch(pattern);
    return e;
  }
  throw new Error('expected a MODEL_FORMAT error');
}

function smallModel(): OnnxModel {
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
          name: 'n',
          opType: 'Softmax',
          domain: '',
          input: ['x'],
          output: ['y'],
          attribute: [makeAttribute.int('axis', -1), makeAttribute.floats('f', [0.5, -2])],
        },
      ],
      initializer: [float32OnnxTensor('w', [2, 2], [1, 2, 3, 4])],
      input: [{ name: 'x', type: { elemType: OnnxDataType.FLOAT, shape: ['batch', 3, null] } }],
      output: [{ name: 'y', type: { elemType: OnnxDataType.FLOAT, shape: ['batch', 3] } }],
      valueInfo: [],
    },
    metadataProps: [{ key: 'rnnkit.spec', value: '{"ü": 1}' }],
  };
}

describe('decodeModel on the ONNX backend test models', () => {
  it.each(cases)('%s decodes, and re-encoding is stable', (name) => {
    const model = decodeModel(modelBytes(name));
    expect(model.irVersion).toBe(7);
    expect(model.opsetImport).toEqual([{ domain: '', version: 14 }]);
    expect(model.graph.node).toHaveLength(1);
    expect(['RNN', 'LSTM', 'GRU']).toContain(model.graph.node[0].opType);
    expect(model.graph.input[0].name).toBe('X');
    expect(model.graph.node[0].attribute.find((a) => a.name === 'hidden_size')?.i).toBeGreaterThan(
      0,
    );
    const once = encodeModel(model);
    expect(decodeModel(once)).toEqual(model);
    expect(encodeModel(decodeModel(once))).toEqual(once);
  });

  it('reads the test data tensors (float and int32)', () => {
    const dir = new URL('test_lstm_with_peepholes/test_data_set_0/', fixtures);
    const x = decodeTensor(new Uint8Array(readFileSync(new URL('input_0.pb', dir))));
    expect(x.dataType).toBe(OnnxDataType.FLOAT);
    expect(tensorToFloat32(x)).toHaveLength(x.dims.reduce((a, b) => a * b, 1));
    const lens = decodeTensor(new Uint8Array(readFileSync(new URL('input_4.pb', dir))));
    expect(lens.dataType).toBe(OnnxDataType.INT32);
    expect(tensorToNumbers(lens).every((v) => v > 0)).toBe(true);
  });
});

describe('encode/decode', () => {
  it('round-trips negative ints, floats, dims and dim params', () => {
    const model = smallModel();
    const decoded = decodeModel(encodeModel(model));
    expect(decoded).toEqual(model);
    expect(decoded.graph.node[0].attribute[0].i).toBe(-1);
    expect(Array.from(tensorToFloat32(decoded.graph.initializer[0]))).toEqual([1, 2, 3, 4]);
  });

  it('writes negative int64 as 10-byte varints', () => {
    const w = new WireWriter();
    w.varint(-1);
    expect(Array.from(w.finish())).toEqual([255, 255, 255, 255, 255, 255, 255, 255, 255, 1]);
  });

  it('accepts unpacked repeated fields and float_data/int64_data', () => {
    const t = { name: 't', dims: [3], dataType: OnnxDataType.INT64, int64Data: [5, -7, 2 ** 40] };
    expect(tensorToNumbers(decodeTensor(encodeTensor(t)))).toEqual([5, -7, 2 ** 40]);
    const w = new WireWriter();
    w.int64Field(1, 2); // dims, unpacked
    w.int64Field(2, OnnxDataType.FLOAT);
    w.float32Field(4, 1.5); // float_data, unpacked
    w.float32Field(4, -3);
    expect(Array.from(tensorToFloat32(decodeTensor(w.finish())))).toEqual([1.5, -3]);
  });
});

describe('hardened decoding', () => {
  const good = encodeModel(smallModel());

  it('refuses every truncation with MODEL_FORMAT, never a crash', () => {
    for (let length = 0; length < good.length; length++) {
      try {
        decodeModel(good.subarray(0, length));
      } catch (error) {
        expect(RnnkitError.isInstance(error), `length ${length}: ${error}`).toBe(true);
        expect((error as RnnkitError).code).toBe('MODEL_FORMAT');
      }
      // A cut at a field boundary of the top message can still be a valid, shorter model.
    }
    expectFormatError(() => decodeModel(good.subarray(0, good.length - 3)), /byte \d+/);
  });

  it('refuses random garbage with MODEL_FORMAT', () => {
    let seed = 1;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    for (let trial = 0; trial < 300; trial++) {
      const bytes = new Uint8Array(1 + Math.floor(random() * 200));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
      try {
        decodeModel(bytes);
      } catch (error) {
        expect(RnnkitError.isInstance(error), String(error)).toBe(true);
      }
    }
  });

  it('refuses flipped bytes of a real model with MODEL_FORMAT or decodes it', () => {
    const bytes = modelBytes('test_lstm_defaults');
    for (let i = 0; i < bytes.length; i += 3) {
      const copy = bytes.slice();
      copy[i] ^= 0xff;
      try {
        decodeModel(copy);
      } catch (error) {
        expect(RnnkitError.isInstance(error), `flip at ${i}: ${error}`).toBe(true);
      }
    }
  });

  it('refuses varints over 10 bytes', () => {
    const bytes = new Uint8Array([0x08, ...new Array(11).fill(0xff), 0x01]);
    expectFormatError(() => decodeModel(bytes), /varint longer than 10 bytes/);
  });

  it('refuses a length beyond the buffer without allocating it', () => {
    // field 7 (graph), length-delimited, claiming 2^40 bytes.
    const w = new WireWriter();
    w.tag(7, 2);
    w.varint(2 ** 40);
    expectFormatError(() => decodeModel(w.finish()), /claims 1099511627776 bytes/);
  });

  it('refuses a known field with the wrong wire type', () => {
    const w = new WireWriter();
    w.tag(7, 0); // graph as a varint
    w.varint(3);
    expectFormatError(() => decodeModel(w.finish()), /ModelProto.graph.*wire type varint/);
  });

  it('refuses group wire types and field 0', () => {
    expectFormatError(() => decodeModel(new Uint8Array([0x0b, 0x0c])), /start-group/);
    expectFormatError(() => decodeModel(new Uint8Array([0x00, 0x01])), /field number 0/);
  });

  it('refuses a tensor whose data disagrees with its dims, naming it', () => {
    const model = smallModel();
    model.graph.initializer[0] = {
      name: 'w',
      dims: [2, 3],
      dataType: OnnxDataType.FLOAT,
      floatData: [1, 2, 3, 4],
    };
    const w = new WireWriter();
    // encodeModel checks too, so write the bad tensor by hand into an otherwise good model.
    expectFormatError(() => encodeModel(model), /tensor 'w'.*\[2,3\]/);
    w.int64Field(1, 8);
    w.messageField(7, (g) => {
      g.messageField(5, (t) => {
        t.packedVarints(1, [2, 3]);
        t.int64Field(2, OnnxDataType.FLOAT);
        t.stringField(8, 'w');
        t.bytesField(9, new Uint8Array(16));
      });
    });
    const error = expectFormatError(
      () => decodeModel(w.finish()),
      /tensor 'w'.*raw_data holds 16 bytes/,
    );
    expect(error.path).toBe('w');
  });

  it('refuses external data', () => {
    const w = new WireWriter();
    w.int64Field(1, 8);
    w.messageField(7, (g) => {
      g.messageField(5, (t) => {
        t.packedVarints(1, [2]);
        t.int64Field(2, OnnxDataType.FLOAT);
        t.stringField(8, 'big');
        t.int64Field(14, 1);
      });
    });
    expectFormatError(() => decodeModel(w.finish()), /'big'.*external/);
  });

  it('refuses deeply nested subgraphs without overflowing the stack', () => {
    let graph = new WireWriter().finish();
    for (let depth = 0; depth < 100; depth++) {
      const attribute = new WireWriter();
      attribute.stringField(1, 'body');
      attribute.bytesField(6, graph);
      const node = new WireWriter();
      node.stringField(4, 'Loop');
      node.bytesField(5, attribute.finish());
      const g = new WireWriter();
      g.bytesField(1, node.finish());
      graph = g.finish();
    }
    const w = new WireWriter();
    w.int64Field(1, 8);
    w.bytesField(7, graph);
    expectFormatError(() => decodeModel(w.finish()), /nested/);
  });

  it('refuses empty input and non-models', () => {
    expectFormatError(() => decodeModel(new Uint8Array(0)), /empty/);
    expectFormatError(() => decodeModel(new TextEncoder().encode('{"json": true}')));
  });
});
