/**
 * The `keras` group: real Keras / TF.js files through @rnnkit/keras, expected values recorded by
 * Keras (source 'keras') or computed independently in PyTorch (source 'pytorch').
 */
import type { MatrixCase } from 'rnnkit';
import { kerasIndependentCases } from './keras-independent.js';
import { kerasJsCases } from './keras-kerasjs.js';
import { kerasRecordedCases } from './keras-recorded.js';

export async function kerasCases(): Promise<MatrixCase[]> {
  return [...(await kerasRecordedCases()), ...kerasJsCases(), ...(await kerasIndependentCases())];
}
