export * from './export/index.js';
export * from './import/index.js';
export * from './proto/index.js';
export * from './runtime/index.js';
export * from './triton/index.js';
