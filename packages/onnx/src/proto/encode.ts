/**
 * OnnxModel -> ONNX protobuf bytes, fields in field-number order as protoc writes them, so
 * encode(decode(encode(m))) is byte-identical to encode(m).
 */
import { checkTensorData } from './tensor-data.js';
import type {
  OnnxAttribute,
  OnnxDim,
  OnnxGraph,
  OnnxModel,
  OnnxNode,
  OnnxTensor,
  OnnxValueInfo,
} from './types.js';
import { WireWriter } from './wire-writer.js';

function writeTensor(w: WireWriter, t: OnnxTensor): void {
  checkTensorData(t);
  w.packedVarints(1, t.dims);
  w.int64Field(2, t.dataType);
  if (t.floatData?.length) w.packedFloat32(4, t.floatData);
  if (t.int32Data?.length) w.packedVarints(5, t.int32Data);
  for (const s of t.stringData ?? []) w.bytesField(6, s);
  if (t.int64Data?.length) w.packedVarints(7, t.int64Data);
  if (t.name) w.stringField(8, t.name);
  if (t.rawData?.length) w.bytesField(9, t.rawData);
  if (t.doubleData?.length) w.packedFloat64(10, t.doubleData);
  if (t.uint64Data?.length) w.packedVarints(11, t.uint64Data);
  if (t.docString) w.stringField(12, t.docString);
}

function writeDim(w: WireWriter, dim: OnnxDim): void {
  if (typeof dim === 'number') w.int64Field(1, dim);
  else if (typeof dim === 'string') w.stringField(2, dim);
}

function writeValueInfo(w: WireWriter, v: OnnxValueInfo): void {
  w.stringField(1, v.name);
  const type = v.type;
  if (type) {
    w.messageField(2, (typeWriter) =>
      typeWriter.messageField(1, (tensorType) => {
        tensorType.int64Field(1, type.elemType);
        const shape = type.shape;
        if (shape) {
          tensorType.messageField(2, (shapeWriter) => {
            for (const dim of shape) shapeWriter.messageField(1, (d) => writeDim(d, dim));
          });
        }
      }),
    );
  }
  if (v.docString) w.stringField(3, v.docString);
}

function writeAttribute(w: WireWriter, a: OnnxAttribute): void {
  w.stringField(1, a.name);
  if (a.f !== undefined) w.float32Field(2, a.f);
  if (a.i !== undefined) w.int64Field(3, a.i);
  if (a.s !== undefined) w.bytesField(4, a.s);
  const t = a.t;
  if (t) w.messageField(5, (inner) => writeTensor(inner, t));
  const g = a.g;
  if (g) w.messageField(6, (inner) => writeGraph(inner, g));
  // Repeated scalars unpacked, as onnx's own (proto2) serializer writes them.
  for (const f of a.floats ?? []) w.float32Field(7, f);
  for (const i of a.ints ?? []) w.int64Field(8, i);
  for (const s of a.strings ?? []) w.bytesField(9, s);
  for (const tensor of a.tensors ?? []) w.messageField(10, (inner) => writeTensor(inner, tensor));
  for (const graph of a.graphs ?? []) w.messageField(11, (inner) => writeGraph(inner, graph));
  w.int64Field(20, a.type);
}

function writeNode(w: WireWriter, n: OnnxNode): void {
  for (const input of n.input) w.stringField(1, input);
  for (const output of n.output) w.stringField(2, output);
  if (n.name) w.stringField(3, n.name);
  w.stringField(4, n.opType);
  for (const a of n.attribute) w.messageField(5, (inner) => writeAttribute(inner, a));
  if (n.docString) w.stringField(6, n.docString);
  if (n.domain) w.stringField(7, n.domain);
}

function writeGraph(w: WireWriter, g: OnnxGraph): void {
  for (const n of g.node) w.messageField(1, (inner) => writeNode(inner, n));
  w.stringField(2, g.name);
  for (const t of g.initializer) w.messageField(5, (inner) => writeTensor(inner, t));
  if (g.docString) w.stringField(10, g.docString);
  for (const v of g.input) w.messageField(11, (inner) => writeValueInfo(inner, v));
  for (const v of g.output) w.messageField(12, (inner) => writeValueInfo(inner, v));
  for (const v of g.valueInfo) w.messageField(13, (inner) => writeValueInfo(inner, v));
}

export function encodeModel(model: OnnxModel): Uint8Array {
  const w = new WireWriter();
  w.int64Field(1, model.irVersion);
  if (model.producerName) w.stringField(2, model.producerName);
  if (model.producerVersion) w.stringField(3, model.producerVersion);
  if (model.domain) w.stringField(4, model.domain);
  if (model.modelVersion) w.int64Field(5, model.modelVersion);
  if (model.docString) w.stringField(6, model.docString);
  w.messageField(7, (inner) => writeGraph(inner, model.graph));
  for (const set of model.opsetImport) {
    w.messageField(8, (inner) => {
      if (set.domain) inner.stringField(1, set.domain);
      inner.int64Field(2, set.version);
    });
  }
  for (const prop of model.metadataProps ?? []) {
    w.messageField(14, (inner) => {
      inner.stringField(1, prop.key);
      inner.stringField(2, prop.value);
    });
  }
  return w.finish();
}

export function encodeTensor(tensor: OnnxTensor): Uint8Array {
  const w = new WireWriter();
  writeTensor(w, tensor);
  return w.finish();
}
