export { type DecodedSafetensors, decodeSafetensors, MAX_HEADER_BYTES } from './decode.js';
export type { SafetensorsDataOf, SafetensorsDtype, SafetensorsTensor } from './dtypes.js';
export { encodeSafetensors, type SafetensorsInput } from './encode.js';
export {
  bfloat16ToFloat32,
  float16ToFloat32,
  float32ToBfloat16,
  float32ToFloat16,
} from './half.js';
export { toFloat32Tensor, toFloat32Weights } from './to-float32.js';
