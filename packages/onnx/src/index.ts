export * from './proto/index.js';
