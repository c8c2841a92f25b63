/** The bundled corpus: every case group, built from data and seeds (nothing hand-edited). */
import type { MatrixCase } from 'rnnkit';
import { articleCases } from './article-models.js';
import { generatedCases } from './generated.js';
import { streamingCases } from './streaming.js';

export interface CorpusOptions {
  /** Number of generated cases (default 200). */
  generated?: number;
  seed?: number;
}

export async function buildCorpus(options: CorpusOptions = {}): Promise<MatrixCase[]> {
  return [
    ...articleCases(),
    ...streamingCases(),
    ...generatedCases(options.generated ?? 200, options.seed),
  ];
}
