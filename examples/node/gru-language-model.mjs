// A word-level language model: Embedding + GRU + softmax Dense, generating token by token on
// ONNX Runtime with the recurrent state carried between calls (one token per call, as a chat
// or autocomplete front end would). Afterwards the whole generated sequence is run once on the
// float64 reference executor: streaming must give exactly what one long run gives.
// Seeded random weights: the words are random, the mechanics are real. Exit code 1 on a mismatch.
import {
  compareTensors,
  createReferenceBackend,
  float32Tensor,
  gruLanguageModelSpec,
  initializeWeights,
  int32Tensor,
  toleranceFor,
} from '@rnnkit/core';
import { createOrtNodeBackend } from '@rnnkit/onnxruntime-node';

const words = 'the a cat dog sat ran on under mat log and quickly slowly . <start>'.split(' ');
const start = words.indexOf('<start>');
const spec = gruLanguageModelSpec({ vocabularySize: words.length, embeddingDim: 16, units: 64 });
const model = { spec, weights: initializeWeights(spec, { seed: 3 }) };

const session = await createOrtNodeBackend({ threads: 1 }).load(model);
const generated = [start];
const streamed = [];
let state;
const started = performance.now();
for (let step = 0; step < 20; step++) {
  const tokens = int32Tensor([1, 1], [generated.at(-1)]);
  const result = await session.run({ tokens }, { state });
  state = result.state;
  const probabilities = Array.from(result.outputs.probabilities.data); // [1, 1, vocabulary]
  streamed.push(...probabilities);
  // Greedy decoding, never choosing <start> again.
  probabilities[start] = -1;
  generated.push(probabilities.indexOf(Math.max(...probabilities)));
}
const perToken = (performance.now() - started) / 20;
await session.dispose();
console.log(
  `generated: ${generated
    .slice(1)
    .map((id) => words[id])
    .join(' ')}`,
);
console.log(`${perToken.toFixed(3)} ms per token on ort-node-cpu (streaming state)`);

// The same tokens in one call on the reference: every step's distribution must match.
const inputs = int32Tensor([1, 20], generated.slice(0, 20));
const expected = await (await createReferenceBackend().load(model)).run({ tokens: inputs });
const check = compareTensors(
  float32Tensor([1, 20, words.length], streamed),
  expected.outputs.probabilities,
  toleranceFor('ort-node-cpu'),
);
console.log(
  `streamed vs one reference run: max |diff| ${check.maxAbsError.toExponential(2)} ${check.pass ? 'ok' : 'DIFFERS'}`,
);
process.exit(check.pass ? 0 : 1);
