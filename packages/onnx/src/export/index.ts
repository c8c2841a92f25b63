export {
  exportOnnx,
  exportOnnxModel,
  maskZeroNeedsPostPadding,
  OPTIONS_METADATA_KEY,
  SPEC_METADATA_KEY,
} from './export-onnx.js';
export { DEFAULT_OPSET, type ExportOnnxOptions, MAX_OPSET, MIN_OPSET } from './options.js';
export { type ExportedSignature, type ExportedTensorInfo, exportedSignature } from './signature.js';
export { type StreamingStateNames, streamingStateNames } from './streaming-state.js';
