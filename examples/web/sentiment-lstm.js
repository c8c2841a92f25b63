// A sentiment classifier (Embedding + LSTM + sigmoid Dense) on three browser backends, each
// checked against the float64 reference executor. Seeded random weights: the scores mean
// nothing, the agreement between backends does.
import {
  compareTensors,
  createReferenceBackend,
  initializeWeights,
  int32Tensor,
  sentimentLstmSpec,
  toleranceFor,
} from '@rnnkit/core';
import { createBackend } from 'rnnkit';
import { main, print, wasmPathsFor } from './show.js';

const reviews = ['a wonderful film with a great cast', 'the plot was dull', 'not bad at all'];
const vocabulary = new Map();
for (const word of reviews.join(' ').split(' '))
  if (!vocabulary.has(word)) vocabulary.set(word, vocabulary.size + 2); // 0 padding, 1 unknown
const length = Math.max(...reviews.map((r) => r.split(' ').length));
const tokens = int32Tensor(
  [reviews.length, length],
  reviews.flatMap((review) => {
    const ids = review.split(' ').map((w) => vocabulary.get(w) ?? 1);
    return [...ids, ...new Array(length - ids.length).fill(0)];
  }),
);
const spec = sentimentLstmSpec({
  vocabularySize: vocabulary.size + 2,
  embeddingDim: 16,
  units: 32,
});
const model = { spec, weights: initializeWeights(spec, { seed: 42 }) };

main(async () => {
  const expected = await (await createReferenceBackend().load(model)).run({ tokens });
  let pass = true;
  for (const id of ['tfjs-wasm', 'ort-web-wasm', 'tfjs-webgl']) {
    const session = await (await createBackend(id, { wasmPaths: wasmPathsFor(id) })).load(model);
    await session.run({ tokens }); // warm-up
    const started = performance.now();
    const { outputs } = await session.run({ tokens });
    const ms = performance.now() - started;
    await session.dispose();
    const check = compareTensors(
      outputs.probability,
      expected.outputs.probability,
      toleranceFor(id),
    );
    pass &&= check.pass;
    print(
      `${id}: ${ms.toFixed(1)} ms, max |diff| vs reference ${check.maxAbsError.toExponential(2)} ${check.pass ? 'ok' : 'DIFFERS'}`,
    );
    reviews.forEach((review, i) => {
      print(`  ${outputs.probability.data[i].toFixed(4)}  ${review}`);
    });
  }
  return pass;
});
