// A character-level language model on a vanilla RNN (SimpleRNN + Dense), generating text one
// character at a time on ONNX Runtime, the state carried from each call to the next.
// The weights are seeded random ones (load trained ones with `loadModelFromFiles` from
// '@rnnkit/core/node' or rnnkit's `loadModel`): the text is gibberish, the mechanics are real.
// Every step is checked against rnnkit's float64 reference executor; exit code 1 if one differs.
import {
  charRnnSpec,
  compareTensors,
  createReferenceBackend,
  float32Tensor,
  initializeWeights,
  toleranceFor,
} from '@rnnkit/core';
import { createOrtNodeBackend } from '@rnnkit/onnxruntime-node';

const alphabet = ' abcdefghijklmnopqrstuvwxyz.';
const spec = charRnnSpec({
  inputSize: alphabet.length,
  hiddenSize: 64,
  outputSize: alphabet.length,
});
const model = { spec, weights: initializeWeights(spec, { seed: 7 }) };

/** One character as a one-hot [1, 1, alphabet] input. */
const oneHot = (char) => {
  const data = new Float32Array(alphabet.length);
  data[alphabet.indexOf(char)] = 1;
  return float32Tensor([1, 1, alphabet.length], data);
};

/** Sampling from softmax(logits / temperature) with a seeded generator, so runs repeat. */
let seed = 12345;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
function sample(logits, temperature = 0.8) {
  const max = Math.max(...logits);
  const weights = logits.map((l) => Math.exp((l - max) / temperature));
  let r = random() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i];
    if (r <= 0) return i;
  }
  return weights.length - 1;
}

const session = await createOrtNodeBackend().load(model);
const reference = await createReferenceBackend().load(model);
const tolerance = toleranceFor('ort-node-cpu');

const prompt = 'the ';
const generate = 40;
let text = prompt;
let state;
let referenceState;
let worst = 0;
// One call per character: the prompt's, then each sampled one (fed back in on the next call).
for (let i = 0; i < prompt.length - 1 + generate; i++) {
  const input = { input: oneHot(text[i]) };
  const step = await session.run(input, { state });
  const expected = await reference.run(input, { state: referenceState });
  state = step.state;
  referenceState = expected.state;
  const check = compareTensors(step.outputs.output, expected.outputs.output, tolerance);
  worst = Math.max(worst, check.maxAbsError);
  if (!check.pass) {
    console.error(`step ${i}: ort-node-cpu differs from the reference by ${check.maxAbsError}`);
    process.exit(1);
  }
  if (i >= prompt.length - 1) text += alphabet[sample(Array.from(step.outputs.output.data))];
}
await session.dispose();
console.log(`generated: ${JSON.stringify(text)}`);
console.log(
  `${prompt.length - 1 + generate} steps on ort-node-cpu, largest difference from the reference ${worst.toExponential(2)}`,
);
