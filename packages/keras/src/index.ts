export { readKerasH5, type ReadKerasH5Options } from './h5/read-keras-h5.js';
export type { ImportedKerasModel, KerasSourceFormat } from './build-model.js';
export type { KerasFlavor } from './keras-version.js';
