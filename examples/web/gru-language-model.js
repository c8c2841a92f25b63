// A word-level language model (Embedding + GRU + softmax Dense) generating token by token on
// ONNX Runtime Web with the state carried between calls; afterwards the generated sequence runs
// once on the float64 reference executor, and every streamed distribution must match it.
import {
  compareTensors,
  createReferenceBackend,
  float32Tensor,
  gruLanguageModelSpec,
  initializeWeights,
  int32Tensor,
  toleranceFor,
} from '@rnnkit/core';
import { createBackend } from 'rnnkit';
import { main, print, wasmPathsFor } from './show.js';

const words = 'the a cat dog sat ran on under mat log and quickly slowly . <start>'.split(' ');
const start = words.indexOf('<start>');
const spec = gruLanguageModelSpec({ vocabularySize: words.length, embeddingDim: 16, units: 64 });
const model = { spec, weights: initializeWeights(spec, { seed: 3 }) };

main(async () => {
  const id = 'ort-web-wasm';
  const session = await (await createBackend(id, { wasmPaths: wasmPathsFor(id) })).load(model);
  const generated = [start];
  const streamed = [];
  let state;
  const started = performance.now();
  for (let step = 0; step < 20; step++) {
    const result = await session.run(
      { tokens: int32Tensor([1, 1], [generated.at(-1)]) },
      { state },
    );
    state = result.state;
    const probabilities = Array.from(result.outputs.probabilities.data);
    streamed.push(...probabilities);
    probabilities[start] = -1;
    generated.push(probabilities.indexOf(Math.max(...probabilities)));
  }
  print(
    `generated: ${generated
      .slice(1)
      .map((i) => words[i])
      .join(' ')}`,
  );
  print(`${((performance.now() - started) / 20).toFixed(3)} ms per token on ${id}`);
  await session.dispose();
  const expected = await (await createReferenceBackend().load(model)).run({
    tokens: int32Tensor([1, 20], generated.slice(0, 20)),
  });
  const check = compareTensors(
    float32Tensor([1, 20, words.length], streamed),
    expected.outputs.probabilities,
    toleranceFor(id),
  );
  print(
    `streamed vs one reference run: max |diff| ${check.maxAbsError.toExponential(2)} ${check.pass ? 'ok' : 'DIFFERS'}`,
  );
  return check.pass;
});
