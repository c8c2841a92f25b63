/**
 * `assembleRunResult`: the main output plus the spec's `stateOutputs`, each stacked along axis 0
 * over its listed layers (forward before backward within a layer), so PyTorch's `h_n` layout and
 * Keras's per-layer states come out of the same final state.
 */
import type { RecurrentState, RunResult } from '../backend.js';
import { RnnkitError } from '../errors.js';
import type { ModelSpec } from '../spec/types.js';
import type { FloatTensor, OutputTensors } from '../tensor.js';

export function assembleRunResult(
  spec: ModelSpec,
  mainOutput: FloatTensor,
  finalState: RecurrentState,
): RunResult {
  const outputs: OutputTensors = { [spec.output.name]: mainOutput };
  for (const stateSpec of spec.stateOutputs ?? []) {
    const parts = stateSpec.layers.map((layerName) => {
      const part = finalState[layerName]?.[stateSpec.kind];
      if (!part) {
        throw new RnnkitError(
          'INTERNAL',
          `state output '${stateSpec.name}' needs the ${stateSpec.kind} state of layer '${layerName}', which the run did not return`,
          { path: stateSpec.name },
        );
      }
      return part;
    });
    const [first] = parts;
    const dtype = first.dtype;
    let directions = 0;
    let total = 0;
    for (const part of parts) {
      if (
        part.dtype !== dtype ||
        part.shape[1] !== first.shape[1] ||
        part.shape[2] !== first.shape[2]
      ) {
        throw new RnnkitError(
          'INTERNAL',
          `state output '${stateSpec.name}' stacks states of different shapes`,
          {
            path: stateSpec.name,
          },
        );
      }
      directions += part.shape[0];
      total += part.data.length;
    }
    const data =
      dtype === 'float64'
        ? new Float64Array(total)
        : dtype === 'float32'
          ? new Float32Array(total)
          : undefined;
    if (!data)
      throw new RnnkitError('INTERNAL', `state '${stateSpec.name}' has dtype ${dtype}`, {
        path: stateSpec.name,
      });
    let offset = 0;
    for (const part of parts) {
      data.set(part.data as Float32Array | Float64Array, offset);
      offset += part.data.length;
    }
    outputs[stateSpec.name] = {
      dtype,
      shape: [directions, first.shape[1], first.shape[2]],
      data,
    } as FloatTensor;
  }
  return { outputs, state: finalState };
}
