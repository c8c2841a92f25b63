export * from './proto/index.js';
export * from './runtime/index.js';
