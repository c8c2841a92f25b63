/**
 * The runtime glue of a tfjs session: input checks (core), backend activation and
 * serialisation (engine/exclusive), one tidy per run, reading results back, dispose.
 */

import {
  assembleRunResult,
  type Model,
  type NamedTensors,
  prepareRunInputs,
  type RecurrentState,
  RnnkitError,
  type RunOptions,
  type RunResult,
  type Session,
  sessionSignature,
  type Tensor,
  type TensorInfo,
} from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { backendIdOf, type TfjsBackendId, type TfjsBackendName } from './engine/backend-names.js';
import { withActiveBackend } from './engine/exclusive.js';
import type { CompiledModel } from './model/compile.js';
import { forward } from './model/forward.js';

export class TfjsSession implements Session {
  readonly backend: TfjsBackendId;
  readonly inputs: readonly TensorInfo[];
  readonly outputs: readonly TensorInfo[];
  #disposed = false;

  constructor(
    private readonly tfjsBackend: TfjsBackendName,
    private readonly model: Model,
    private readonly compiled: CompiledModel,
  ) {
    this.backend = backendIdOf(tfjsBackend);
    ({ inputs: this.inputs, outputs: this.outputs } = sessionSignature(model.spec));
  }

  async run(inputs: NamedTensors, options?: RunOptions): Promise<RunResult> {
    this.#checkLive();
    const { spec } = this.model;
    const prepared = prepareRunInputs(spec, inputs, options);
    const { output, state } = await withActiveBackend(this.tfjsBackend, async () => {
      // The session may have been disposed while this run waited its turn.
      this.#checkLive();
      const result = tf.tidy(() => forward(spec, this.compiled, prepared));
      try {
        const names = Object.keys(result.states);
        const [output, ...states] = await Promise.all([
          read(result.output),
          ...names.map(async (name) => {
            const { h, c } = result.states[name];
            return [name, { h: await read(h), ...(c ? { c: await read(c) } : {}) }] as const;
          }),
        ]);
        return { output, state: Object.fromEntries(states) as RecurrentState };
      } finally {
        tf.dispose(result as unknown as tf.TensorContainer);
      }
    });
    return assembleRunResult(spec, output, state);
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    // Through the queue, so a run already computing finishes with its weights.
    await withActiveBackend(this.tfjsBackend, () => this.compiled.dispose());
  }

  #checkLive(): void {
    if (this.#disposed) {
      throw new RnnkitError('DISPOSED', `this ${this.backend} session was disposed`, {
        backend: this.backend,
      });
    }
  }
}

/** Async read: on webgl/webgpu a synchronous read would stall the page on the GPU. */
async function read(tensor: tf.Tensor): Promise<Tensor<'float32'>> {
  const data = (await tensor.data()) as Float32Array;
  return { dtype: 'float32', shape: [...tensor.shape], data };
}
