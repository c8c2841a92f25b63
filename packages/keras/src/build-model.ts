import { type Model, validateModel } from '@rnnkit/core';
import { chainToSpec } from './config/chain-to-spec.js';
import { parseModelConfig } from './config/model-config.js';
import { flavorOf, type KerasFlavor } from './keras-version.js';
import { assembleWeights, type KerasWeightSource } from './weights/assemble.js';

export type KerasSourceFormat = 'tfjs-layers' | 'keras-v3' | 'keras-h5';

/** An imported model, with where it came from (the writer's version decides activations). */
export interface ImportedKerasModel extends Model {
  source: { format: KerasSourceFormat; kerasVersion?: string; flavor: KerasFlavor };
}

export function buildModel(
  modelConfig: unknown,
  kerasVersion: string | undefined,
  weights: KerasWeightSource,
  format: KerasSourceFormat,
  flavorOverride?: KerasFlavor,
): ImportedKerasModel {
  const chain = parseModelConfig(modelConfig);
  const flavor = flavorOverride ?? flavorOf(kerasVersion, modelConfig);
  // A config without a declared input shape still pins the feature size through the first kernel.
  const firstWeights = chain.layers.length > 0 ? weights(chain.layers[0].name) : undefined;
  const firstShape = firstWeights?.[0]?.shape;
  const featureSizeHint = firstShape && firstShape.length === 2 ? firstShape[0] : undefined;
  const { spec, plan } = chainToSpec(chain, flavor, { featureSizeHint });
  const assembled = assembleWeights(spec, plan, weights);
  // Names come from the file: a layer called __proto__ must be refused here, not at run time.
  validateModel({ spec, weights: assembled });
  return { spec, weights: assembled, source: { format, kerasVersion, flavor } };
}
