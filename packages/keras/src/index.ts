export type { ImportedKerasModel, KerasSourceFormat } from './build-model.js';
export { setHdf5TimeLimit } from './h5/hdf5-file.js';
export { type ReadKerasH5Options, readKerasH5 } from './h5/read-keras-h5.js';
export { importKeras, type KerasFiles } from './import-keras.js';
export { readKerasFile } from './keras-v3/read-keras-file.js';
export type { KerasFlavor } from './keras-version.js';
export { readTfjsLayersModel } from './tfjs/read-tfjs-layers.js';
export {
  type TfjsLayersArtifacts,
  type WriteTfjsOptions,
  writeTfjsLayersModel,
} from './tfjs/write-tfjs-layers.js';
export {
  type KerasCompileLayout,
  type KerasCompileSettings,
  kerasCompileSettings,
  trainingConfigFromKeras,
} from './training/compile-settings.js';
export { readKerasCompileSettings } from './training/read-compile-settings.js';
export { readKerasOptimizerState } from './training/read-optimizer-state.js';
