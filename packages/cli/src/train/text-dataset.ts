/**
 * `rnnkit train --text corpus.txt`: a character-level language-model data set from plain text.
 * The corpus is cut into windows of `sequenceLength` characters (a new window every `stride`);
 * each window's targets are the characters one step later. A model with per-step outputs learns
 * every position ([n, L] targets); a model with last-step outputs learns the character after the
 * window ([n] targets). Token inputs get ids, a feature input as wide as the vocabulary gets
 * one-hot rows (the article's char-RNN).
 */
import {
  type CharVocabulary,
  encodeText,
  float32Tensor,
  int32Tensor,
  type ModelSpec,
  outputShape,
  RnnkitError,
} from '@rnnkit/core';
import type { TrainingData } from './training-data.js';

export interface TextWindows {
  sequenceLength: number;
  stride: number;
}

export function textDataset(
  spec: ModelSpec,
  vocabulary: CharVocabulary,
  text: string,
  { sequenceLength: L, stride }: TextWindows,
  file: string,
): TrainingData {
  const ids = encodeText(vocabulary, text);
  const V = vocabulary.tokens.length;
  const shape = outputShape(spec);
  const perStep = shape.length === 3;
  if (shape[shape.length - 1] !== V) {
    throw new RnnkitError(
      'INVALID_INPUT',
      `${file}: the model outputs ${shape[shape.length - 1]} classes but the text has ${V} distinct characters`,
      { path: file },
    );
  }
  const count = ids.length > L ? Math.floor((ids.length - L - 1) / stride) + 1 : 0;
  if (count < 1) {
    throw new RnnkitError(
      'INVALID_INPUT',
      `${file}: ${ids.length} characters are too few for one window of ${L} plus its next character`,
      { path: file },
    );
  }
  const targets = perStep ? int32Tensor([count, L]) : int32Tensor([count]);
  const oneHot = spec.input.type === 'features';
  const input = oneHot ? float32Tensor([count, L, V]) : int32Tensor([count, L]);
  for (let n = 0; n < count; n++) {
    const start = n * stride;
    for (let t = 0; t < L; t++) {
      const id = ids[start + t];
      if (oneHot) input.data[(n * L + t) * V + id] = 1;
      else input.data[n * L + t] = id;
      if (perStep) targets.data[n * L + t] = ids[start + t + 1];
    }
    if (!perStep) targets.data[n] = ids[start + L];
  }
  return { inputs: { [spec.input.name]: input }, targets };
}

/**
 * A spec for this vocabulary: the embedding's inputDim (tokens) or the feature size (one-hot)
 * and the last Dense's units become the vocabulary size. Only a spec without weights is resized.
 */
export function resizeSpecForVocabulary(spec: ModelSpec, size: number): ModelSpec {
  const layers = spec.layers.map((layer) => ({ ...layer }));
  const first = layers[0];
  if (first.type === 'embedding') first.inputDim = size;
  const lastDense = [...layers].reverse().find((layer) => layer.type === 'dense');
  if (lastDense?.type === 'dense') lastDense.units = size;
  const input = spec.input.type === 'features' ? { ...spec.input, size } : spec.input;
  return { ...spec, input, layers };
}
