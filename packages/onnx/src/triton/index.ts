export { batchFirstState } from './batch-first-state.js';
export {
  DEFAULT_TRITON_MAX_BATCH_SIZE,
  exportTritonRepository,
  type TritonExportOptions,
  type TritonRepository,
  type TritonStateInfo,
} from './export-triton.js';
