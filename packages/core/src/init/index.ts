export {
  EMBEDDING_UNIFORM_LIMIT,
  type InitializeOptions,
  initializeWeights,
} from './initialize-weights.js';
export { glorotUniform, orthogonal, randomUniform } from './initializers.js';
export { Random } from './random.js';
