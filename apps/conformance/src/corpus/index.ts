/** The bundled corpus: every case group, built from data and seeds (nothing hand-edited). */
import type { MatrixCase } from 'rnnkit';
import { articleCases } from './article-models.js';
import { generatedCases } from './generated.js';
import { idiomCases } from './idioms.js';
import { kerasCases } from './keras-cases.js';
import { kerasIdiomCases } from './keras-idioms.js';
import { onnxNodeCases } from './onnx-node.js';
import { pytorchReferenceCases } from './pytorch-reference.js';
import { roundTripCases } from './round-trips.js';
import { streamingCases } from './streaming.js';
import { torchExportCases } from './torch-exports.js';

export interface CorpusOptions {
  /** Number of generated cases (default 200). */
  generated?: number;
  seed?: number;
  /** Generated cases that also go through export/import round trips (default 40). */
  roundTrips?: number;
}

export async function buildCorpus(options: CorpusOptions = {}): Promise<MatrixCase[]> {
  const generated = generatedCases(options.generated ?? 200, options.seed);
  return [
    ...articleCases(),
    ...onnxNodeCases(),
    ...torchExportCases(),
    ...(await kerasCases()),
    ...pytorchReferenceCases(),
    ...streamingCases(),
    ...idiomCases(),
    ...kerasIdiomCases(),
    ...generated,
    ...roundTripCases(generated.slice(0, options.roundTrips ?? 40)),
  ];
}
