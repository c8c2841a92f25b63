/**
 * ONNX protobuf -> OnnxModel. Unknown fields are skipped (forward compatibility); known fields
 * with the wrong wire type, truncation, oversize lengths and bad tensors are MODEL_FORMAT errors.
 * Subgraphs (If/Loop/Scan bodies) are decoded with a depth limit so hostile nesting cannot
 * exhaust the stack.
 */
import { checkTensorData } from './tensor-data.js';
import type {
  OnnxAttribute,
  OnnxDim,
  OnnxGraph,
  OnnxModel,
  OnnxNode,
  OnnxOperatorSet,
  OnnxTensor,
  OnnxValueInfo,
} from './types.js';
import {
  type FieldTag,
  formatError,
  WIRE_FIXED32,
  WIRE_LENGTH_DELIMITED,
  WIRE_VARINT,
  WireReader,
} from './wire-reader.js';

const MAX_GRAPH_DEPTH = 32;

const readInt64 = (r: WireReader) => r.int64();
const readInt32 = (r: WireReader) => r.int32();
const readUint64 = (r: WireReader) => r.uint64();

function int64Field(r: WireReader, tag: FieldTag, what: string): number {
  r.expectWireType(tag, WIRE_VARINT, what);
  return r.int64(what);
}

function int32Field(r: WireReader, tag: FieldTag, what: string): number {
  r.expectWireType(tag, WIRE_VARINT, what);
  return r.int32(what);
}

function stringField(r: WireReader, tag: FieldTag, what: string): string {
  r.expectWireType(tag, WIRE_LENGTH_DELIMITED, what);
  return r.string(what);
}

function subMessage(r: WireReader, tag: FieldTag, what: string): WireReader {
  r.expectWireType(tag, WIRE_LENGTH_DELIMITED, what);
  return r.sub(what);
}

function decodeOperatorSet(r: WireReader): OnnxOperatorSet {
  const set: OnnxOperatorSet = { domain: '', version: 0 };
  while (!r.done) {
    const tag = r.tag();
    if (tag.field === 1) set.domain = stringField(r, tag, 'OperatorSetIdProto.domain');
    else if (tag.field === 2) set.version = int64Field(r, tag, 'OperatorSetIdProto.version');
    else r.skip(tag);
  }
  return set;
}

export function decodeTensorMessage(r: WireReader): OnnxTensor {
  const start = r.pos;
  const tensor: OnnxTensor = { name: '', dims: [], dataType: 0 };
  let external = false;
  let dataLocation = 0;
  while (!r.done) {
    const tag = r.tag();
    switch (tag.field) {
      case 1:
        r.repeatedVarint(tag, tensor.dims, 'TensorProto.dims', readInt64);
        break;
      case 2:
        tensor.dataType = int32Field(r, tag, 'TensorProto.data_type');
        break;
      case 4:
        tensor.floatData ??= [];
        r.repeatedFloat32(tag, tensor.floatData, 'TensorProto.float_data');
        break;
      case 5:
        tensor.int32Data ??= [];
        r.repeatedVarint(tag, tensor.int32Data, 'TensorProto.int32_data', readInt32);
        break;
      case 6:
        r.expectWireType(tag, WIRE_LENGTH_DELIMITED, 'TensorProto.string_data');
        tensor.stringData ??= [];
        tensor.stringData.push(r.bytesField('TensorProto.string_data'));
        break;
      case 7:
        tensor.int64Data ??= [];
        r.repeatedVarint(tag, tensor.int64Data, 'TensorProto.int64_data', readInt64);
        break;
      case 8:
        tensor.name = stringField(r, tag, 'TensorProto.name');
        break;
      case 9:
        r.expectWireType(tag, WIRE_LENGTH_DELIMITED, 'TensorProto.raw_data');
        tensor.rawData = r.bytesField('TensorProto.raw_data');
        break;
      case 10:
        tensor.doubleData ??= [];
        r.repeatedFloat64(tag, tensor.doubleData, 'TensorProto.double_data');
        break;
      case 11:
        tensor.uint64Data ??= [];
        r.repeatedVarint(tag, tensor.uint64Data, 'TensorProto.uint64_data', readUint64);
        break;
      case 12:
        tensor.docString = stringField(r, tag, 'TensorProto.doc_string');
        break;
      case 13:
        r.skip(tag);
        external = true;
        break;
      case 14:
        dataLocation = int32Field(r, tag, 'TensorProto.data_location');
        break;
      case 3:
        throw formatError(
          `tensor at byte ${start} is a segment of a larger tensor (TensorProto.segment), which rnnkit does not read`,
        );
      default:
        r.skip(tag);
    }
  }
  if (external || dataLocation === 1) {
    throw formatError(
      `tensor '${tensor.name}' keeps its data in an external file; rnnkit reads single-file ONNX models only (re-save with onnx.save_model(..., save_as_external_data=False))`,
      tensor.name,
    );
  }
  checkTensorData(tensor);
  return tensor;
}

function decodeDimension(r: WireReader): OnnxDim {
  let dim: OnnxDim = null;
  while (!r.done) {
    const tag = r.tag();
    if (tag.field === 1) dim = int64Field(r, tag, 'Dimension.dim_value');
    else if (tag.field === 2) dim = stringField(r, tag, 'Dimension.dim_param');
    else r.skip(tag);
  }
  return dim;
}

function decodeShape(r: WireReader): OnnxDim[] {
  const dims: OnnxDim[] = [];
  while (!r.done) {
    const tag = r.tag();
    if (tag.field === 1) dims.push(decodeDimension(subMessage(r, tag, 'TensorShapeProto.dim')));
    else r.skip(tag);
  }
  return dims;
}

function decodeTensorType(r: WireReader): { elemType: number; shape?: OnnxDim[] } {
  const type: { elemType: number; shape?: OnnxDim[] } = { elemType: 0 };
  while (!r.done) {
    const tag = r.tag();
    if (tag.field === 1) type.elemType = int32Field(r, tag, 'TypeProto.Tensor.elem_type');
    else if (tag.field === 2)
      type.shape = decodeShape(subMessage(r, tag, 'TypeProto.Tensor.shape'));
    else r.skip(tag);
  }
  return type;
}

function decodeValueInfo(r: WireReader): OnnxValueInfo {
  const info: OnnxValueInfo = { name: '' };
  while (!r.done) {
    const tag = r.tag();
    if (tag.field === 1) info.name = stringField(r, tag, 'ValueInfoProto.name');
    else if (tag.field === 3) info.docString = stringField(r, tag, 'ValueInfoProto.doc_string');
    else if (tag.field === 2) {
      const type = subMessage(r, tag, 'ValueInfoProto.type');
      while (!type.done) {
        const inner = type.tag();
        if (inner.field === 1)
          info.type = decodeTensorType(subMessage(type, inner, 'TypeProto.tensor_type'));
        else if (inner.field === 6) type.skip(inner);
        else {
          info.nonTensorType = true;
          type.skip(inner);
        }
      }
    } else r.skip(tag);
  }
  return info;
}

function decodeAttribute(r: WireReader, depth: number): OnnxAttribute {
  const attribute: OnnxAttribute = { name: '', type: 0 };
  while (!r.done) {
    const tag = r.tag();
    switch (tag.field) {
      case 1:
        attribute.name = stringField(r, tag, 'AttributeProto.name');
        break;
      case 20:
        attribute.type = int32Field(r, tag, 'AttributeProto.type');
        break;
      case 2:
        r.expectWireType(tag, WIRE_FIXED32, 'AttributeProto.f');
        attribute.f = r.float32();
        break;
      case 3:
        attribute.i = int64Field(r, tag, 'AttributeProto.i');
        break;
      case 4:
        r.expectWireType(tag, WIRE_LENGTH_DELIMITED, 'AttributeProto.s');
        attribute.s = r.bytesField('AttributeProto.s');
        break;
      case 5:
        attribute.t = decodeTensorMessage(subMessage(r, tag, 'AttributeProto.t'));
        break;
      case 6:
        attribute.g = decodeGraphMessage(subMessage(r, tag, 'AttributeProto.g'), depth + 1);
        break;
      case 7:
        attribute.floats ??= [];
        r.repeatedFloat32(tag, attribute.floats, 'AttributeProto.floats');
        break;
      case 8:
        attribute.ints ??= [];
        r.repeatedVarint(tag, attribute.ints, 'AttributeProto.ints', readInt64);
        break;
      case 9:
        r.expectWireType(tag, WIRE_LENGTH_DELIMITED, 'AttributeProto.strings');
        attribute.strings ??= [];
        attribute.strings.push(r.bytesField('AttributeProto.strings'));
        break;
      case 10:
        attribute.tensors ??= [];
        attribute.tensors.push(decodeTensorMessage(subMessage(r, tag, 'AttributeProto.tensors')));
        break;
      case 11:
        attribute.graphs ??= [];
        attribute.graphs.push(
          decodeGraphMessage(subMessage(r, tag, 'AttributeProto.graphs'), depth + 1),
        );
        break;
      default:
        r.skip(tag);
    }
  }
  return attribute;
}

function decodeNode(r: WireReader, depth: number): OnnxNode {
  const node: OnnxNode = { name: '', opType: '', domain: '', input: [], output: [], attribute: [] };
  while (!r.done) {
    const tag = r.tag();
    switch (tag.field) {
      case 1:
        node.input.push(stringField(r, tag, 'NodeProto.input'));
        break;
      case 2:
        node.output.push(stringField(r, tag, 'NodeProto.output'));
        break;
      case 3:
        node.name = stringField(r, tag, 'NodeProto.name');
        break;
      case 4:
        node.opType = stringField(r, tag, 'NodeProto.op_type');
        break;
      case 7:
        node.domain = stringField(r, tag, 'NodeProto.domain');
        break;
      case 5:
        node.attribute.push(decodeAttribute(subMessage(r, tag, 'NodeProto.attribute'), depth));
        break;
      case 6:
        node.docString = stringField(r, tag, 'NodeProto.doc_string');
        break;
      default:
        r.skip(tag);
    }
  }
  return node;
}

function decodeGraphMessage(r: WireReader, depth: number): OnnxGraph {
  if (depth > MAX_GRAPH_DEPTH) {
    throw r.fail(`subgraphs nested more than ${MAX_GRAPH_DEPTH} deep`);
  }
  const graph: OnnxGraph = {
    name: '',
    node: [],
    initializer: [],
    input: [],
    output: [],
    valueInfo: [],
  };
  while (!r.done) {
    const tag = r.tag();
    switch (tag.field) {
      case 1:
        graph.node.push(decodeNode(subMessage(r, tag, 'GraphProto.node'), depth));
        break;
      case 2:
        graph.name = stringField(r, tag, 'GraphProto.name');
        break;
      case 5:
        graph.initializer.push(decodeTensorMessage(subMessage(r, tag, 'GraphProto.initializer')));
        break;
      case 10:
        graph.docString = stringField(r, tag, 'GraphProto.doc_string');
        break;
      case 11:
        graph.input.push(decodeValueInfo(subMessage(r, tag, 'GraphProto.input')));
        break;
      case 12:
        graph.output.push(decodeValueInfo(subMessage(r, tag, 'GraphProto.output')));
        break;
      case 13:
        graph.valueInfo.push(decodeValueInfo(subMessage(r, tag, 'GraphProto.value_info')));
        break;
      case 15:
        throw formatError(
          `graph '${graph.name}' has sparse initializers, which rnnkit does not read`,
        );
      default:
        r.skip(tag);
    }
  }
  return graph;
}

function toBytes(bytes: Uint8Array | ArrayBuffer): Uint8Array {
  // A Node Buffer (what readFileSync returns) is a Uint8Array whose slice() is a view into a
  // shared pool, not a copy; a plain Uint8Array view makes every later slice() a real copy.
  if (bytes instanceof Uint8Array)
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  throw formatError('ONNX model bytes must be a Uint8Array or ArrayBuffer');
}

/** Decodes a serialized onnx.ModelProto. Throws MODEL_FORMAT (with the byte position) on bad bytes. */
export function decodeModel(bytes: Uint8Array | ArrayBuffer): OnnxModel {
  const data = toBytes(bytes);
  if (data.length === 0) throw formatError('empty ONNX model (0 bytes)');
  const r = new WireReader(data);
  const model: OnnxModel = {
    irVersion: 0,
    opsetImport: [],
    producerName: '',
    producerVersion: '',
    domain: '',
    modelVersion: 0,
    docString: '',
    graph: { name: '', node: [], initializer: [], input: [], output: [], valueInfo: [] },
  };
  let sawGraph = false;
  while (!r.done) {
    const tag = r.tag();
    switch (tag.field) {
      case 1:
        model.irVersion = int64Field(r, tag, 'ModelProto.ir_version');
        break;
      case 8:
        model.opsetImport.push(decodeOperatorSet(subMessage(r, tag, 'ModelProto.opset_import')));
        break;
      case 2:
        model.producerName = stringField(r, tag, 'ModelProto.producer_name');
        break;
      case 3:
        model.producerVersion = stringField(r, tag, 'ModelProto.producer_version');
        break;
      case 4:
        model.domain = stringField(r, tag, 'ModelProto.domain');
        break;
      case 5:
        model.modelVersion = int64Field(r, tag, 'ModelProto.model_version');
        break;
      case 6:
        model.docString = stringField(r, tag, 'ModelProto.doc_string');
        break;
      case 14: {
        const entry = subMessage(r, tag, 'ModelProto.metadata_props');
        const prop = { key: '', value: '' };
        while (!entry.done) {
          const inner = entry.tag();
          if (inner.field === 1) prop.key = stringField(entry, inner, 'StringStringEntryProto.key');
          else if (inner.field === 2)
            prop.value = stringField(entry, inner, 'StringStringEntryProto.value');
          else entry.skip(inner);
        }
        model.metadataProps ??= [];
        model.metadataProps.push(prop);
        break;
      }
      case 7:
        model.graph = decodeGraphMessage(subMessage(r, tag, 'ModelProto.graph'), 0);
        sawGraph = true;
        break;
      default:
        r.skip(tag);
    }
  }
  if (!sawGraph) throw formatError('not an ONNX model: no graph (ModelProto.graph) found');
  if (model.irVersion <= 0) throw formatError(`not an ONNX model: ir_version ${model.irVersion}`);
  return model;
}

/** Decodes a serialized onnx.TensorProto (the backend test data's input_N.pb / output_N.pb). */
export function decodeTensor(bytes: Uint8Array | ArrayBuffer): OnnxTensor {
  const data = toBytes(bytes);
  return decodeTensorMessage(new WireReader(data));
}
