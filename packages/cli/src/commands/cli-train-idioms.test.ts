// `rnnkit train` on imported models that use the issue 13 idioms: a Keras 3 model with Masking
// (maskValue, masked steps at the end of one example) and a PyTorch export whose head is
// torch.cat of two stacked LSTMs' c_n (concatStates). The first epoch's loss (one batch, taken
// before the step) is checked against the source framework's own outputs, recorded by its
// fixture script: Keras's softmax probabilities, PyTorch's head output.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { float32Tensor, int32Tensor, type NamedTensors, writeTensorJson } from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../test-support/cli.js';

const packages = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const dir = tempDir();
const path = (name: string) => join(dir, name);

interface Recorded {
  shape: number[];
  data: number[];
}

function writeJson(name: string, value: unknown): string {
  writeFileSync(path(name), JSON.stringify(value));
  return path(name);
}
const writeData = (name: string, tensors: NamedTensors) =>
  writeJson(name, JSON.parse(writeTensorJson(tensors)));

const config = (loss: unknown, epochs = 1) => ({
  format: 'rnnkit-training',
  formatVersion: 1,
  loss,
  optimizer: { name: 'adam', learningRate: 0.05, epsilon: 1e-7, epsilonStyle: 'keras' },
  batchSize: 8,
  epochs,
  shuffle: false,
});

async function train(
  model: string,
  data: string,
  configFile: string,
  output: string,
  backend: string,
) {
  const result = await cli(
    'train',
    model,
    '--data',
    data,
    '--config',
    configFile,
    '--output',
    output,
    '--backend',
    backend,
    '--json',
  );
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout).history as { loss: number[] };
}

// Keras 3: Masking(mask_value=0) > LSTM(3, return_sequences) > TimeDistributed(Dense(4, softmax)).
const keras = join(packages, 'keras/src/__fixtures__/independent');
const kerasCase = JSON.parse(
  readFileSync(join(keras, 'keras3_masking_time_distributed.json'), 'utf8'),
) as { input: Recorded; output: Recorded };

// torch: 2-layer nn.LSTM, torch.cat((c_n[0], c_n[1]), 1) > Linear(6, 2) > tanh (make_torch_exports.py).
const torchExport = join(packages, 'onnx/src/__fixtures__/torch-export');
const torchCase = (
  JSON.parse(readFileSync(join(torchExport, 'cases.json'), 'utf8')).cases as {
    name: string;
    inputs: { features: Recorded };
    outputs: { output: Recorded };
  }[]
).find((c) => c.name === 'lstm_2layer_ccat_all_head_opset17');

describe('rnnkit train on imported idioms', { timeout: 240_000 }, () => {
  it.each(['reference', 'tfjs-wasm'])(
    'Keras Masking model on %s: masked steps do not count in the loss (Keras probabilities by hand)',
    async (backend) => {
      const [batch, time, size] = kerasCase.input.shape;
      const classes = kerasCase.output.shape[2];
      // Target ids; the masked steps (every feature 0) get the class Keras finds least likely,
      // so counting them would raise the loss a lot.
      const ids = new Int32Array(batch * time);
      const real: boolean[] = [];
      let loss = 0;
      for (let row = 0; row < batch * time; row++) {
        const x = kerasCase.input.data.slice(row * size, (row + 1) * size);
        const p = kerasCase.output.data.slice(row * classes, (row + 1) * classes);
        real.push(x.some((v) => v !== 0));
        ids[row] = real[row] ? row % classes : p.indexOf(Math.min(...p));
        if (real[row]) loss -= Math.log(p[ids[row]]);
      }
      const count = real.filter(Boolean).length;
      expect(count).toBeLessThan(batch * time);
      loss /= count;
      const data = writeData('keras-data.json', {
        x: float32Tensor([batch, time, size], kerasCase.input.data),
        targets: int32Tensor([batch, time], ids),
      });
      const history = await train(
        join(keras, 'keras3_masking_time_distributed.keras'),
        data,
        writeJson('keras-config.json', config('sparseCategoricalCrossentropy', 3)),
        path(`keras-${backend}.json`),
        backend,
      );
      expect(history.loss[0]).toBeCloseTo(loss, 5);
      expect(history.loss[2]).toBeLessThan(history.loss[0]);
      // The trained model (rnnkit spec + weights, maskValue kept) runs.
      const run = await cli(
        'run',
        path(`keras-${backend}.json`),
        '--input',
        writeData('keras-x.json', { x: float32Tensor([batch, time, size], kerasCase.input.data) }),
        '--backend',
        'reference',
      );
      expect(run.code, run.stderr).toBe(0);
    },
  );

  it.each(['reference', 'tfjs-wasm'])(
    'PyTorch export with a c_n concat head on %s: MSE against the exported outputs by hand, ONNX out runs',
    async (backend) => {
      if (!torchCase) throw new Error('fixture case lstm_2layer_ccat_all_head_opset17 is missing');
      const { features } = torchCase.inputs;
      const out = torchCase.outputs.output;
      const targets = out.data.map((_, i) => (i % 3) / 2 - 0.5);
      const loss = out.data.reduce((s, v, i) => s + (v - targets[i]) ** 2, 0) / out.data.length;
      const data = writeData('torch-data.json', {
        features: float32Tensor(features.shape, features.data),
        targets: float32Tensor(out.shape, targets),
      });
      const history = await train(
        join(torchExport, 'lstm_2layer_ccat_all_head_opset17.onnx'),
        data,
        writeJson('torch-config.json', config('meanSquaredError', 3)),
        path(`torch-${backend}.onnx`),
        backend,
      );
      expect(history.loss[0]).toBeCloseTo(loss, 5);
      expect(history.loss[2]).toBeLessThan(history.loss[0]);
      const run = await cli(
        'run',
        path(`torch-${backend}.onnx`),
        '--input',
        writeData('torch-x.json', { features: float32Tensor(features.shape, features.data) }),
        '--backend',
        'ort-node-cpu',
      );
      expect(run.code, run.stderr).toBe(0);
    },
  );
});
