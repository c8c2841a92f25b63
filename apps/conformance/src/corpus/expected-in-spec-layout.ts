/**
 * Recorded outputs come in the source graph's layout (an ONNX RNN's Y is [T, dirs, B, H]; a
 * batch_first=False PyTorch export is time-major); the matrix compares in the spec's layout.
 * An import's `adaptOutputs` only rearranges values, so running it once on outputs that hold
 * their own global positions shows where every recorded value belongs among the spec's outputs.
 */
import type { NamedTensors, OutputTensors, RunResult } from '@rnnkit/core';
import type { OnnxImport } from '@rnnkit/onnx';

export function expectedInSpecLayout(
  imported: OnnxImport,
  referenceResult: RunResult,
  recorded: NamedTensors,
): NamedTensors {
  const names = Object.keys(referenceResult.outputs);
  const offsets: number[] = [];
  const positioned: OutputTensors = {};
  let offset = 0;
  for (const name of names) {
    const { shape, data } = referenceResult.outputs[name];
    offsets.push(offset);
    const start = offset;
    positioned[name] = {
      dtype: 'float64',
      shape,
      data: Float64Array.from(data as Float64Array, (_, i) => start + i),
    };
    offset += data.length;
  }
  const adapted = imported.adaptOutputs({ outputs: positioned, state: referenceResult.state });
  const expected: Record<string, Float32Array> = {};
  for (const [recordedName, recordedTensor] of Object.entries(recorded)) {
    const positions = adapted[recordedName]?.data as Float64Array | undefined;
    if (!positions) continue;
    const values = recordedTensor.data as Float32Array;
    for (let i = 0; i < positions.length; i++) {
      const position = positions[i];
      let index = offsets.length - 1;
      while (offsets[index] > position) index--;
      const name = names[index];
      expected[name] ??= new Float32Array(referenceResult.outputs[name].data.length).fill(
        Number.NaN,
      );
      expected[name][position - offsets[index]] = values[i];
    }
  }
  // A spec output counts only if the recording covers all of it (NaN marks a gap).
  return Object.fromEntries(
    Object.entries(expected)
      .filter(([, data]) => !data.some(Number.isNaN))
      .map(([name, data]) => [
        name,
        { dtype: 'float32', shape: referenceResult.outputs[name].shape, data },
      ]),
  );
}
