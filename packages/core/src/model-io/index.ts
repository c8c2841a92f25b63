// Browser-safe: the file-path variants live in ./files.ts, exported from src/node.ts only.
export { loadModel, loadModelFromBytes } from './load-model.js';
export { type SavedModel, saveModel, WEIGHTS_METADATA } from './save-model.js';
