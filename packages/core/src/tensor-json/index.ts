export { readTensorJson, TENSOR_JSON_DTYPES, tensorsFromJson } from './read-tensor-json.js';
export { float32ToText, writeTensorJson } from './write-tensor-json.js';
