export * from './errors.js';
export * from './tensor.js';
export * from './backend.js';
export * from './spec/types.js';
export * from './spec/resolve.js';
export * from './weights/canonical.js';
