/**
 * `createTfjsBackend({ backend })`: an rnnkit Backend on one TensorFlow.js backend. Creating it
 * has no side effect; the tfjs backend is imported and initialised on first `load` (or `ready`).
 */

import {
  type Backend,
  type Model,
  RnnkitError,
  type Session,
  type SupportReport,
  unsupportedFeature,
  validateModel,
  validateSpec,
} from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';
import {
  backendIdOf,
  isTfjsBackendName,
  TFJS_BACKEND_NAMES,
  type TfjsBackendId,
  type TfjsBackendName,
} from './engine/backend-names.js';
import { withActiveBackend } from './engine/exclusive.js';
import { type EngineOptions, setUpTfjsBackend } from './engine/setup.js';
import { compileModel } from './model/compile.js';
import { TfjsSession } from './session.js';
import { findUnsupportedFeature, type TfjsCapabilities } from './support.js';

export interface TfjsBackendOptions extends EngineOptions {
  /** The tfjs backend: 'cpu' and 'wasm' everywhere; 'webgl' and 'webgpu' in browsers. */
  backend: TfjsBackendName;
}

export interface TfjsBackend extends Backend {
  readonly id: TfjsBackendId;
  /** The tfjs backend name ('cpu', 'wasm', ...). */
  readonly tfjsBackend: TfjsBackendName;
  /**
   * Imports and initialises the tfjs backend; rejects with BACKEND_UNAVAILABLE (and the reason)
   * when it cannot run here. `load` calls it; call it yourself to probe availability.
   */
  ready(): Promise<void>;
}

export function createTfjsBackend(options: TfjsBackendOptions): TfjsBackend {
  const name = options?.backend;
  if (!isTfjsBackendName(name)) {
    throw new RnnkitError(
      'BACKEND_UNAVAILABLE',
      `unknown tfjs backend ${JSON.stringify(name)}; expected one of ${TFJS_BACKEND_NAMES.join(', ')}`,
      { path: 'backend' },
    );
  }
  const id = backendIdOf(name);
  const { backend: _, ...engineOptions } = options;
  const ready = () => setUpTfjsBackend(name, engineOptions);

  return {
    id,
    tfjsBackend: name,
    ready,
    supports(model: Model): SupportReport {
      const refusal = findUnsupportedFeature(model.spec, { backend: name });
      return refusal ? { supported: false, ...refusal } : { supported: true };
    },
    async load(model: Model): Promise<Session> {
      validateSpec(model.spec);
      // Refuse what the spec alone rules out before checking weights (a model too big for
      // the wasm heap is refused without anyone allocating its weights) or touching tfjs.
      refuse(findUnsupportedFeature(model.spec, { backend: name }));
      validateModel(model);
      await ready();
      // Keep our own copy of the weight map: the session's weights are fixed at load.
      const loaded: Model = { spec: model.spec, weights: new Map(model.weights) };
      const compiled = await withActiveBackend(name, () => {
        refuse(findUnsupportedFeature(loaded.spec, capabilitiesHere(name)));
        return compileModel(loaded);
      });
      return new TfjsSession(name, loaded, compiled);
    },
  };

  function refuse(refusal: ReturnType<typeof findUnsupportedFeature>): void {
    if (refusal) throw unsupportedFeature(id, refusal.feature, refusal.reason);
  }
}

/** What the initialised tfjs backend can do; read with that backend active. */
function capabilitiesHere(name: TfjsBackendName): TfjsCapabilities {
  if (name === 'webgl')
    return { backend: name, float32: tf.env().getBool('WEBGL_RENDER_FLOAT32_CAPABLE') };
  return { backend: name };
}
