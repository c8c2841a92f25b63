/**
 * The decoded ONNX messages rnnkit reads and writes: the subset of onnx.proto (IR 7-8) that
 * describes a single-file inference graph. Field names follow onnx.proto in camelCase.
 * int64 fields are numbers (exact to 2^53; larger values such as INT64_MAX Slice ends lose only
 * low-order precision, which is harmless where they appear).
 */

/** TensorProto.DataType. */
export const OnnxDataType = {
  UNDEFINED: 0,
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  UINT16: 4,
  INT16: 5,
  INT32: 6,
  INT64: 7,
  STRING: 8,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
  UINT32: 12,
  UINT64: 13,
  COMPLEX64: 14,
  COMPLEX128: 15,
  BFLOAT16: 16,
} as const;

/** AttributeProto.AttributeType. */
export const OnnxAttributeType = {
  UNDEFINED: 0,
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  GRAPH: 5,
  FLOATS: 6,
  INTS: 7,
  STRINGS: 8,
  TENSORS: 9,
  GRAPHS: 10,
  SPARSE_TENSOR: 11,
  SPARSE_TENSORS: 12,
  TYPE_PROTO: 13,
  TYPE_PROTOS: 14,
} as const;

export interface OnnxOperatorSet {
  /** '' (or 'ai.onnx') is the default operator set. */
  domain: string;
  version: number;
}

/**
 * A tensor as stored: data lives in exactly one of the typed fields or `rawData` (little-endian),
 * checked against `dims` when decoded. Read it with `tensorToFloat32` / `tensorToNumbers`.
 */
export interface OnnxTensor {
  name: string;
  dims: number[];
  dataType: number;
  floatData?: number[];
  int32Data?: number[];
  int64Data?: number[];
  doubleData?: number[];
  uint64Data?: number[];
  stringData?: Uint8Array[];
  rawData?: Uint8Array;
  docString?: string;
}

/** dim_value (a number), dim_param (a string such as 'batch'), or unknown (null). */
export type OnnxDim = number | string | null;

export interface OnnxValueInfo {
  name: string;
  /**
   * A tensor type's element type (OnnxDataType) and shape. Undefined `type` means the value info
   * carries no type or a non-tensor type (sequence, map, ...); `shape` undefined means unknown rank.
   */
  type?: { elemType: number; shape?: OnnxDim[] };
  /** True when the value has a type that is not a tensor (sequence, map, optional, sparse). */
  nonTensorType?: boolean;
  docString?: string;
}

export interface OnnxAttribute {
  name: string;
  /** OnnxAttributeType. */
  type: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  t?: OnnxTensor;
  g?: OnnxGraph;
  floats?: number[];
  ints?: number[];
  strings?: Uint8Array[];
  tensors?: OnnxTensor[];
  graphs?: OnnxGraph[];
}

export interface OnnxNode {
  name: string;
  opType: string;
  domain: string;
  input: string[];
  output: string[];
  attribute: OnnxAttribute[];
  docString?: string;
}

export interface OnnxGraph {
  name: string;
  node: OnnxNode[];
  initializer: OnnxTensor[];
  input: OnnxValueInfo[];
  output: OnnxValueInfo[];
  valueInfo: OnnxValueInfo[];
  docString?: string;
}

export interface OnnxModel {
  irVersion: number;
  opsetImport: OnnxOperatorSet[];
  producerName: string;
  producerVersion: string;
  domain: string;
  modelVersion: number;
  docString: string;
  graph: OnnxGraph;
  /** ModelProto.metadata_props (key/value strings); rnnkit's exporter records the spec here. */
  metadataProps?: { key: string; value: string }[];
}
