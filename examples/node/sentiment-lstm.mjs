// A sentiment classifier: Embedding + LSTM + sigmoid Dense, on two backends (TensorFlow.js's
// wasm backend and ONNX Runtime), each checked against rnnkit's float64 reference executor.
// Seeded random weights (a trained model loads with `loadModelFromFiles` from
// '@rnnkit/core/node'): the scores mean nothing, the agreement between backends does.
// Exit code 1 if a backend differs from the reference beyond its tolerance.
import {
  compareTensors,
  createReferenceBackend,
  initializeWeights,
  int32Tensor,
  sentimentLstmSpec,
  toleranceFor,
} from '@rnnkit/core';
import { createOrtNodeBackend } from '@rnnkit/onnxruntime-node';
import { createTfjsBackend } from '@rnnkit/tfjs';

const reviews = [
  'a wonderful film with a great cast',
  'the plot was dull and the acting was worse',
  'not bad at all',
];

// A toy tokenizer: word -> id, 0 kept for padding (maskZero), 1 for unknown words.
const vocabulary = new Map();
for (const word of reviews.join(' ').split(' ')) {
  if (!vocabulary.has(word)) vocabulary.set(word, vocabulary.size + 2);
}
const length = Math.max(...reviews.map((r) => r.split(' ').length));
const ids = reviews.flatMap((review) => {
  const words = review.split(' ').map((w) => vocabulary.get(w) ?? 1);
  return [...words, ...new Array(length - words.length).fill(0)]; // post-padding
});
const tokens = int32Tensor([reviews.length, length], ids);

const spec = sentimentLstmSpec({
  vocabularySize: vocabulary.size + 2,
  embeddingDim: 16,
  units: 32,
});
const model = { spec, weights: initializeWeights(spec, { seed: 42 }) };
const expected = await (await createReferenceBackend().load(model)).run({ tokens });

let failed = false;
for (const [id, backend] of [
  ['tfjs-wasm', createTfjsBackend({ backend: 'wasm' })],
  ['ort-node-cpu', createOrtNodeBackend()],
]) {
  const session = await backend.load(model);
  const started = performance.now();
  const { outputs } = await session.run({ tokens });
  const ms = performance.now() - started;
  await session.dispose();
  const check = compareTensors(outputs.probability, expected.outputs.probability, toleranceFor(id));
  failed ||= !check.pass;
  console.log(
    `${id.padEnd(13)} ${ms.toFixed(1).padStart(6)} ms  max |diff| vs reference ${check.maxAbsError.toExponential(2)}  ${check.pass ? 'ok' : 'DIFFERS'}`,
  );
  reviews.forEach((review, i) => {
    console.log(`  ${outputs.probability.data[i].toFixed(4)}  ${review}`);
  });
}
process.exit(failed ? 1 : 0);
