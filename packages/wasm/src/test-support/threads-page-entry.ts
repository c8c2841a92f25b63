/**
 * Test-only bundle entry for src/browser-threads.test.ts: the package, plus the split limits
 * (lowered by the page so the small matrix cases split too) and the pool (its posts counted).
 */
export { SPLIT_LIMITS } from '../engine/thread-split.js';
export { WorkerPool } from '../engine/worker-pool.js';
export { createWasmBackend } from '../index.js';
