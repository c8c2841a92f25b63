// A character-level language model on a vanilla RNN, generating one character per call on
// ONNX Runtime Web (wasm) with the state carried between calls; every step checked against the
// float64 reference executor. Seeded random weights: gibberish text, real mechanics.
import {
  charRnnSpec,
  compareTensors,
  createReferenceBackend,
  float32Tensor,
  initializeWeights,
  toleranceFor,
} from '@rnnkit/core';
import { createBackend } from 'rnnkit';
import { main, print, wasmPathsFor } from './show.js';

const alphabet = ' abcdefghijklmnopqrstuvwxyz.';
const spec = charRnnSpec({
  inputSize: alphabet.length,
  hiddenSize: 64,
  outputSize: alphabet.length,
});
const model = { spec, weights: initializeWeights(spec, { seed: 7 }) };

const oneHot = (char) => {
  const data = new Float32Array(alphabet.length);
  data[alphabet.indexOf(char)] = 1;
  return float32Tensor([1, 1, alphabet.length], data);
};

main(async () => {
  const id = 'ort-web-wasm';
  const session = await (await createBackend(id, { wasmPaths: wasmPathsFor(id) })).load(model);
  const reference = await createReferenceBackend().load(model);
  let text = 'the ';
  let state;
  let referenceState;
  let worst = 0;
  let pass = true;
  const started = performance.now();
  for (let i = 0; i < 3 + 30; i++) {
    const input = { input: oneHot(text[i]) };
    const step = await session.run(input, { state });
    const expected = await reference.run(input, { state: referenceState });
    state = step.state;
    referenceState = expected.state;
    const check = compareTensors(step.outputs.output, expected.outputs.output, toleranceFor(id));
    worst = Math.max(worst, check.maxAbsError);
    pass &&= check.pass;
    if (i >= 3) {
      const logits = Array.from(step.outputs.output.data);
      text += alphabet[logits.indexOf(Math.max(...logits))]; // greedy
    }
  }
  await session.dispose();
  print(`generated: ${JSON.stringify(text)}`);
  print(
    `${((performance.now() - started) / 33).toFixed(2)} ms per character (with the reference check)`,
  );
  print(`largest difference from the reference: ${worst.toExponential(2)}`);
  return pass;
});
