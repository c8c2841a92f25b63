// A CommonJS user: require() every public entry (Node >= 20.19 loads the ESM packages), and
// compute something with it: an LSTM on the reference executor, checked against a value
// computed by hand below.
const assert = require('node:assert');
const core = require('@rnnkit/core');
const { loadModelFromFiles } = require('@rnnkit/core/node');
const rnnkit = require('rnnkit');
for (const name of [
  '@rnnkit/onnx',
  '@rnnkit/tfjs',
  '@rnnkit/onnxruntime-web',
  '@rnnkit/onnxruntime-node',
  '@rnnkit/keras',
  '@rnnkit/keras/node',
  '@rnnkit/torch',
]) {
  assert.ok(Object.keys(require(name)).length > 0, name);
}
assert.strictEqual(typeof loadModelFromFiles, 'function');
assert.strictEqual(typeof rnnkit.loadModel, 'function');

// SimpleRNN, 1 unit, weights 0.5 (kernel), 0.25 (recurrent), bias 0.1, tanh; inputs 1, 2:
// h1 = tanh(0.5 + 0.1) = tanh(0.6); h2 = tanh(1.0 + 0.25 h1 + 0.1).
const spec = {
  format: 'rnnkit-model',
  formatVersion: 1,
  input: { name: 'x', type: 'features', size: 1 },
  layers: [{ type: 'simpleRnn', name: 'rnn', units: 1, returnSequences: false }],
  output: { name: 'h' },
};
(async () => {
  const weights = new Map([
    ['rnn/kernel', core.float32Tensor([1, 1], [0.5])],
    ['rnn/recurrentKernel', core.float32Tensor([1, 1], [0.25])],
    ['rnn/bias', core.float32Tensor([1], [0.1])],
  ]);
  const session = await (await rnnkit.createBackend('reference')).load({ spec, weights });
  const { outputs } = await session.run({ x: core.float32Tensor([1, 2, 1], [1, 2]) });
  const h2 = Math.tanh(1.0 + 0.25 * Math.tanh(0.6) + 0.1);
  assert.ok(Math.abs(core.toNumbers(outputs.h)[0] - h2) < 1e-6, `${outputs.h.data} vs ${h2}`);
  console.log(
    `require(): every entry loads; SimpleRNN on the reference = ${h2.toFixed(6)} (by hand)`,
  );
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
