/**
 * Feeds for one tiny run of an exported model (batch 1, one step, zeros; token 1 where a zero
 * token would be padding), made only to learn where ORT runs each node (see PlacementProbe).
 */
import type { ModelSpec } from '@rnnkit/core';
import { exportedSignature } from '../export/signature.js';
import type { OrtModule, OrtTensor } from './ort-module.js';

export function probeFeeds(ort: OrtModule, spec: ModelSpec): Record<string, OrtTensor> {
  const feeds: Record<string, OrtTensor> = {};
  for (const input of exportedSignature(spec, { streamingState: true }).inputs) {
    const dims = input.shape.map((dim) => (typeof dim === 'number' ? dim : 1));
    const size = dims.reduce((a, b) => a * b, 1);
    if (input.dtype === 'int32') {
      // Token id 1 (0 is padding under maskZero; a one-token vocabulary has only 0), and
      // length 1 for a one-step sequence.
      const first = spec.layers[0];
      const id = first?.type === 'embedding' && first.inputDim < 2 ? 0 : 1;
      const value = input.name === spec.input.name ? id : 1;
      feeds[input.name] = new ort.Tensor('int32', new Int32Array(size).fill(value), dims);
    } else {
      feeds[input.name] = new ort.Tensor('float32', new Float32Array(size), dims);
    }
  }
  return feeds;
}
