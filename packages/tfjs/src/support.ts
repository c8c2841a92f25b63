/**
 * What this backend refuses, decided from the spec (and what the tfjs backend can do here)
 * before anything is uploaded. Each refusal is a case where tfjs would compute something other
 * than the spec says, or could not hold the model at all; load turns it into UNSUPPORTED_FEATURE.
 */
import {
  type Activation,
  expectedWeights,
  isRecurrentLayer,
  type ModelSpec,
  recurrentLayers,
} from '@rnnkit/core';
import { backendIdOf, type TfjsBackendName } from './engine/backend-names.js';
import { SUPPORTED_ACTIVATIONS } from './layers/activation.js';

export interface TfjsCapabilities {
  backend: TfjsBackendName;
  /**
   * False when the backend's arithmetic is float16 (WebGL on devices without float32 render
   * targets, tfjs flag WEBGL_RENDER_FLOAT32_CAPABLE). Unknown (undefined) counts as float32.
   */
  float32?: boolean;
}

export interface Refusal {
  feature: string;
  reason: string;
}

/** wasm32 addresses at most this many bytes (emscripten's getHeapMax in tfjs-backend-wasm 4.22). */
export const WASM_HEAP_LIMIT_BYTES = 4_294_901_760;

/** WebGL keeps int32 tensors in float32 textures: ids above 2^24 would be rounded to a neighbour. */
export const WEBGL_EXACT_INTEGER_LIMIT = 2 ** 24;

const LAYER_TYPES = new Set([
  'embedding',
  'dense',
  'dropout',
  'simpleRnn',
  'lstm',
  'gru',
  'selectStep',
  'pooling',
  'activation',
  'concatStates',
]);

export function findUnsupportedFeature(
  spec: ModelSpec,
  capabilities: TfjsCapabilities,
): Refusal | undefined {
  const id = backendIdOf(capabilities.backend);
  if (capabilities.float32 === false) {
    return {
      feature: 'float32 arithmetic',
      reason: `${id} computes in float16 on this device, which is outside the float32 tolerance`,
    };
  }
  for (const layer of spec.layers) {
    if (!LAYER_TYPES.has(layer.type)) {
      return { feature: `layer type '${layer.type}'`, reason: `${id} has no implementation of it` };
    }
    const activations: (Activation | undefined)[] = [];
    if (layer.type === 'dense' || layer.type === 'activation') activations.push(layer.activation);
    if (isRecurrentLayer(layer)) {
      activations.push(layer.activation, layer.backward?.activation);
      if (layer.type !== 'simpleRnn') {
        activations.push(layer.recurrentActivation, layer.backward?.recurrentActivation);
      }
    }
    for (const activation of activations) {
      const name =
        activation === undefined
          ? undefined
          : typeof activation === 'string'
            ? activation
            : activation.name;
      if (name !== undefined && !SUPPORTED_ACTIVATIONS.has(name)) {
        return { feature: `activation '${name}'`, reason: `${id} has no implementation of it` };
      }
    }
  }
  if (recurrentLayers(spec).length === 0) {
    return {
      feature: 'a model without recurrent layers',
      reason: 'the spec requires at least one',
    };
  }
  if (capabilities.backend === 'wasm') {
    const bytes = expectedWeights(spec).reduce(
      (sum, w) => sum + 4 * w.shape.reduce((a, b) => a * b, 1),
      0,
    );
    if (bytes > WASM_HEAP_LIMIT_BYTES) {
      return {
        feature: 'weights larger than the wasm heap',
        reason: `the weights need ${bytes} bytes; wasm32 addresses at most ${WASM_HEAP_LIMIT_BYTES}`,
      };
    }
  }
  if (capabilities.backend === 'webgl') {
    const embedding = spec.layers.find((layer) => layer.type === 'embedding');
    if (
      embedding &&
      embedding.type === 'embedding' &&
      embedding.inputDim > WEBGL_EXACT_INTEGER_LIMIT
    ) {
      return {
        feature: `an embedding vocabulary above ${WEBGL_EXACT_INTEGER_LIMIT} ids`,
        reason: `${id} stores token ids as float32, which cannot tell such ids apart`,
      };
    }
  }
  return undefined;
}
