/**
 * Fresh weights for a spec, with Keras's default initialisers so a model built here starts where
 * the same Keras model would (in distribution; the random numbers themselves differ from TF's):
 *
 *   embedding         embeddings       uniform(-0.05, 0.05)            Keras Embedding default
 *   dense             kernel           glorot uniform                  Keras Dense default
 *                     bias             zeros
 *   simpleRnn/lstm/gru kernel          glorot uniform over [inputSize, gates*units]
 *                     recurrentKernel  orthogonal over [units, gates*units] (orthonormal rows)
 *                     bias             zeros; LSTM forget-gate slice [units, 2*units) = 1
 *                                      (Keras `unit_forget_bias=True`)
 *                     recurrentBias    zeros (not in Keras; with it the forget bias still sums to 1)
 *                     peephole         zeros (not in Keras; ONNX's default P is zeros too)
 *   bidirectional     each direction initialised independently, like Keras's two copies.
 *
 * Reproducible: each tensor draws from its own stream seeded by (seed, canonical tensor name), so
 * the same seed gives bit-identical weights on every platform, and adding or removing a layer
 * leaves the other layers' weights unchanged.
 */
import { RnnkitError } from '../errors.js';
import { GATE_COUNT, isRecurrentLayer } from '../spec/resolve.js';
import type { LayerSpec, ModelSpec } from '../spec/types.js';
import { validateSpec } from '../validate/index.js';
import { expectedWeights, type WeightSpec, type Weights } from '../weights/canonical.js';
import { glorotUniform, orthogonal, randomUniform } from './initializers.js';
import { mixString, Random, splitmix32 } from './random.js';

export interface InitializeOptions {
  /** Any safe integer (negative and > 2^32 allowed); the same seed always gives the same weights. */
  seed: number;
}

/** Keras Embedding's default `RandomUniform` range. */
export const EMBEDDING_UNIFORM_LIMIT = 0.05;

export function initializeWeights(spec: ModelSpec, options: InitializeOptions): Weights {
  validateSpec(spec); // shapes come from the spec: a negative size must not reach an allocation
  const { seed } = options ?? {};
  if (!Number.isSafeInteger(seed)) {
    throw new RnnkitError(
      'INVALID_INPUT',
      `initializeWeights: seed must be a safe integer, got ${seed}`,
      {
        path: 'seed',
      },
    );
  }
  // Fold all 53 bits of the seed into 32 so that seeds differing only above bit 31 differ.
  const seed32 = splitmix32(splitmix32(seed | 0).value ^ Math.floor(seed / 2 ** 32)).value;

  const layers = new Map<string, LayerSpec>(spec.layers.map((layer) => [layer.name, layer]));
  const weights: Weights = new Map();
  for (const weight of expectedWeights(spec)) {
    const layer = layers.get(weight.name.slice(0, weight.name.indexOf('/')));
    if (layer === undefined)
      throw new RnnkitError('INTERNAL', `no layer for weight ${weight.name}`, {
        path: weight.name,
      });
    const random = new Random(mixString(seed32, weight.name));
    weights.set(weight.name, {
      shape: [...weight.shape],
      data: initialTensor(layer, weight, random),
    });
  }
  return weights;
}

function initialTensor(layer: LayerSpec, weight: WeightSpec, random: Random): Float32Array {
  const role = weight.name.slice(weight.name.lastIndexOf('/') + 1);
  const size = weight.shape.reduce((product, dim) => product * dim, 1);
  const matrix = weight.shape as [number, number];
  if (role === 'embeddings')
    return randomUniform(size, -EMBEDDING_UNIFORM_LIMIT, EMBEDDING_UNIFORM_LIMIT, random);
  if (role === 'kernel') return glorotUniform(matrix, random);
  if (role === 'recurrentKernel') return orthogonal(matrix, random);
  const zeros = new Float32Array(size);
  if (role === 'bias' && isRecurrentLayer(layer) && layer.type === 'lstm') {
    const units = size / GATE_COUNT.lstm;
    zeros.fill(1, units, 2 * units); // gate order i, f, c, o: the f slice
  }
  return zeros;
}
