import { describe, expect, it } from 'vitest';
import { tfLayersEmbeddingGradientBytes } from './tf-layers-embedding-cost.js';
import { trainingWorkloads } from './training-workloads.js';

describe('tfLayersEmbeddingGradientBytes', () => {
  const byId = new Map(trainingWorkloads().map((w) => [w.id, w]));
  it('counts one [ids, dim] product plus the mask per vocabulary row (hand calculation)', () => {
    // 10000 rows x (32 x 100 ids) x (64 + 1) floats x 4 bytes.
    expect(tfLayersEmbeddingGradientBytes(byId.get('train-sentiment-lstm')!)).toBe(8_320_000_000);
    // 96 rows x (16 x 50) x (32 + 1) x 4.
    expect(tfLayersEmbeddingGradientBytes(byId.get('train-gru-lm')!)).toBe(10_137_600);
    expect(tfLayersEmbeddingGradientBytes(byId.get('train-lstm-features')!)).toBe(0);
  });
});
