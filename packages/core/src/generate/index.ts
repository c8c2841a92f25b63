export {
  buildCharVocabulary,
  type CharVocabulary,
  decodeTokens,
  encodeText,
  parseCharVocabulary,
  validateCharVocabulary,
  vocabularyPathFor,
  writeCharVocabulary,
} from './char-vocabulary.js';
export {
  type GeneratedToken,
  type GenerateOptions,
  type GenerateResult,
  generate,
} from './generate.js';
export { type GenerationModel, generationModel } from './generation-model.js';
export {
  argmax,
  type DistributionKind,
  drawToken,
  type SamplingOptions,
  samplingDistribution,
} from './sampling.js';
