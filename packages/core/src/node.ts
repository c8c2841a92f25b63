/**
 * `@rnnkit/core/node`: the parts of core that need Node's file system. Kept out of the main
 * entry (src/index.ts) so that `@rnnkit/core` bundles for browsers without `node:` imports.
 */
export { loadModelFromFiles, saveModelToFiles, weightsPathFor } from './model-io/files.js';
