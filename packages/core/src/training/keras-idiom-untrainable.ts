/**
 * The Keras idioms (issue 13) that no training engine handles yet: the trainers batch and mask
 * token models only, so a features `maskValue` (Keras Masking) would train as if nothing were
 * masked; the `activation` layer has no backward pass. Kept apart from untrainable-features.ts so each idiom's refusal is added in one place.
 */
import type { ModelSpec } from '../spec/types.js';
import type { UntrainableFeature } from './untrainable-features.js';

export function findUntrainableKerasIdiom(spec: ModelSpec): UntrainableFeature | undefined {
  if (spec.input.type === 'features' && spec.input.maskValue !== undefined) {
    return {
      feature: 'input maskValue (Keras Masking)',
      reason: 'training does not mask feature steps yet (rnnkit-training v1)',
    };
  }
  for (const [index, layer] of spec.layers.entries()) {
    if (
      (layer.type === 'simpleRnn' || layer.type === 'lstm' || layer.type === 'gru') &&
      layer.sequenceOrder === 'processing'
    ) {
      return {
        feature: `sequenceOrder 'processing' (layers[${index}] '${layer.name}')`,
        reason: 'training does not reorder a returned sequence yet (rnnkit-training v1)',
      };
    }
    if (layer.type === 'activation') {
      return {
        feature: `activation layer (layers[${index}] '${layer.name}')`,
        reason: 'training has no backward pass for this layer yet (rnnkit-training v1)',
      };
    }
  }
  return undefined;
}
