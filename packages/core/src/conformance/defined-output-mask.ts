/**
 * Which positions of a sequence output are real steps. The spec defines padding once (types.ts,
 * `sequenceLengths`, Embedding `maskZero`, features `maskValue`): a step is real iff t < length,
 * (no maskZero or token != 0) and (no maskValue or some feature != maskValue). Outputs at the other steps are defined too (each layer's `paddedOutputs`), and
 * conformance compares them; this mask is for checks that look at real steps on their own.
 *
 * Worked out here from the spec and the raw input tensors, not taken from `prepareRunInputs`, so
 * the conformance kit does not trust the code it helps to check.
 */
import { RnnkitError } from '../errors.js';
import type { PreparedRun } from '../run/prepared-run.js';
import { layerShapes } from '../spec/resolve.js';
import type { ModelSpec } from '../spec/types.js';
import type { NamedTensors, Tensor } from '../tensor.js';

function isPreparedRun(value: PreparedRun | NamedTensors): value is PreparedRun {
  const candidate = value as Partial<PreparedRun>;
  return (
    typeof candidate.batch === 'number' &&
    typeof candidate.time === 'number' &&
    typeof candidate.initialState === 'object'
  );
}

function dataTensor(spec: ModelSpec, inputs: NamedTensors): Tensor {
  const direct = inputs[spec.input.name];
  if (direct !== undefined) return direct;
  // A single-input model accepts its data under any name (DESIGN.md "Tensor JSON").
  const others = new Set([
    spec.sequenceLengths?.name,
    ...(spec.stateInputs ?? []).map((state) => state.name),
  ]);
  const candidates = Object.keys(inputs).filter((name) => !others.has(name));
  if (candidates.length !== 1) {
    throw new RnnkitError('INVALID_INPUT', `input '${spec.input.name}' is missing`, {
      path: spec.input.name,
    });
  }
  return inputs[candidates[0]];
}

/**
 * A [batch*time] mask (1 = defined) for the main output when it is a sequence
 * ([batch, time, features]) with padded steps; undefined when every position is defined (no
 * padding, or an output without a time axis: the final state ignores padding by definition).
 * Pass it to `compareTensors`, which spreads each entry over the feature axis.
 *
 * @param preparedOrInputs the run's input tensors (as given to `session.run`), or a PreparedRun.
 */
export function definedOutputMask(
  spec: ModelSpec,
  preparedOrInputs: PreparedRun | NamedTensors,
): Uint8Array | undefined {
  const shapes = layerShapes(spec);
  if (!shapes[shapes.length - 1].sequence) return undefined;
  if (isPreparedRun(preparedOrInputs)) return preparedOrInputs.mask;

  const inputs = preparedOrInputs;
  const data = dataTensor(spec, inputs);
  if (data.shape.length < 2) {
    throw new RnnkitError(
      'INVALID_INPUT',
      `input '${spec.input.name}' needs [batch, time, …], found shape [${data.shape.join(', ')}]`,
      { path: spec.input.name },
    );
  }
  const [batch, time] = data.shape;
  const first = spec.layers[0];
  const maskZero = first.type === 'embedding' && first.maskZero === true;
  // Keras Masking: a step is padding when every feature equals maskValue (in float32).
  const maskValue = spec.input.type === 'features' ? spec.input.maskValue : undefined;
  const size = data.shape[2] ?? 1;
  const lengthsName = spec.sequenceLengths?.name;
  const lengths = lengthsName === undefined ? undefined : inputs[lengthsName];
  if (!maskZero && maskValue === undefined && lengths === undefined) return undefined;
  if (lengths !== undefined && (lengths.shape.length !== 1 || lengths.shape[0] !== batch)) {
    throw new RnnkitError(
      'INVALID_INPUT',
      `sequence lengths '${lengthsName}' must have shape [${batch}], found [${lengths.shape.join(', ')}]`,
      { path: lengthsName },
    );
  }

  const mask = new Uint8Array(batch * time);
  let padded = false;
  for (let b = 0; b < batch; b++) {
    const length = lengths === undefined ? time : Number(lengths.data[b]);
    for (let t = 0; t < time; t++) {
      const token = maskZero ? Number(data.data[b * time + t]) : 1;
      let allMasked = maskValue !== undefined;
      for (let i = 0; allMasked && i < size; i++) {
        const value = Number(data.data[(b * time + t) * size + i]);
        allMasked = Math.fround(value) === Math.fround(maskValue as number);
      }
      const real = t < length && token !== 0 && !allMasked;
      mask[b * time + t] = real ? 1 : 0;
      if (!real) padded = true;
    }
  }
  return padded ? mask : undefined;
}
