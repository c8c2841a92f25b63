/** Seeded inputs for a spec (batch 2, 16 steps unless the spec fixes time), as a user would feed. */
import {
  float32Tensor,
  int32Tensor,
  type ModelSpec,
  type NamedTensors,
  Random,
} from '@rnnkit/core';

export function sampleInputs(spec: ModelSpec, batch = 2, steps = 16): NamedTensors {
  const random = new Random(7);
  const time = spec.input.timeSteps ?? steps;
  const inputs: NamedTensors = {};
  if (spec.input.type === 'tokens') {
    const first = spec.layers[0];
    const vocabulary = first.type === 'embedding' ? first.inputDim : 1;
    // Above 0 when 0 is padding, so every step is real on every backend.
    const low = first.type === 'embedding' && first.maskZero && vocabulary > 1 ? 1 : 0;
    const ids = Array.from(
      { length: batch * time },
      () => low + Math.floor(random.uniform() * (vocabulary - low)),
    );
    inputs[spec.input.name] = int32Tensor([batch, time], ids);
  } else {
    const data = Array.from({ length: batch * time * spec.input.size }, () =>
      random.uniformIn(-1, 1),
    );
    inputs[spec.input.name] = float32Tensor([batch, time, spec.input.size], data);
  }
  if (spec.sequenceLengths) {
    inputs[spec.sequenceLengths.name] = int32Tensor([batch], new Array(batch).fill(time));
  }
  return inputs;
}
