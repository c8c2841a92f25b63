/**
 * The reference executor as a Backend (id 'reference'): it supports every spec feature, validates
 * the model at load, and returns float64 outputs and state.
 */
import type { Backend, RunOptions, Session } from '../backend.js';
import { RnnkitError } from '../errors.js';
import { prepareRunInputs } from '../run/prepare-inputs.js';
import { sessionSignature } from '../spec/signature.js';
import type { NamedTensors } from '../tensor.js';
import { validateModel } from '../validate/index.js';
import type { Model } from '../weights/canonical.js';
import { executeReference } from './run-reference.js';

export function createReferenceBackend(): Backend {
  return {
    id: 'reference',
    supports: () => ({ supported: true }),
    async load(model: Model): Promise<Session> {
      validateModel(model);
      // The session keeps its own copy of the weight map, so a caller editing theirs later does
      // not change what a loaded session computes.
      const loaded: Model = { spec: model.spec, weights: new Map(model.weights) };
      let disposed = false;
      return {
        backend: 'reference',
        // The reference executor computes and returns float64.
        ...sessionSignature(model.spec, 'float64'),
        async run(inputs: NamedTensors, options?: RunOptions) {
          if (disposed) throw new RnnkitError('DISPOSED', 'this reference session was disposed');
          return executeReference(loaded, prepareRunInputs(loaded.spec, inputs, options));
        },
        async dispose() {
          disposed = true;
        },
      };
    },
  };
}
