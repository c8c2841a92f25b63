export { type DescribedModule, type DescribeSpecOptions, describeSpec } from './describe-spec.js';
export {
  type Ambiguity,
  type InferredDescription,
  inferModuleDescription,
  type ShapedTensors,
} from './infer-modules.js';
export { modelFromTorchTensors } from './model-from-torch.js';
export { modelToTorchTensors, type TorchStateDict } from './model-to-torch.js';
export type {
  DropoutModule,
  EmbeddingModule,
  LinearModule,
  ModuleDescription,
  RecurrentKind,
  RecurrentModule,
  RecurrentOutput,
  TorchModule,
} from './module-description.js';
export { isPt, type PtStateDict, readPtStateDict } from './pt/read-pt.js';
export {
  modelFromStateDict,
  PREFIXES_METADATA_KEY,
  type ReadTorchOptions,
  readTorchStateDict,
  SPEC_METADATA_KEY,
} from './read-state-dict.js';
export { type WriteTorchOptions, writeTorchStateDict } from './write-state-dict.js';
