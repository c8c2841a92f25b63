export {
  attributeFloat,
  attributeFloats,
  attributeInt,
  attributeInts,
  attributeString,
  attributeStrings,
  attributeTensor,
  findAttribute,
  makeAttribute,
} from './attributes.js';
export { decodeModel, decodeTensor } from './decode.js';
export { encodeModel, encodeTensor } from './encode.js';
export {
  checkTensorData,
  dataTypeName,
  elementCount,
  float32OnnxTensor,
  int32OnnxTensor,
  int64OnnxTensor,
  tensorToFloat32,
  tensorToFloat64,
  tensorToNumbers,
} from './tensor-data.js';
export * from './types.js';
