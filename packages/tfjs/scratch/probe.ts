import { initializeWeights, sentimentLstmSpec, type TrainingConfig } from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs';
import { createTfjsTrainingEngine } from '../src/index.js';

const backend = (process.argv[2] ?? 'wasm') as 'cpu' | 'wasm';
const spec = sentimentLstmSpec();
const model = { spec, weights: initializeWeights(spec, { seed: 7 }) };
const B = 32, T = 100;
const tokens = new Int32Array(B * T).map((_, i) => 1 + ((i * 7919) % 9999));
const targets = new Float32Array(B).map((_, i) => i % 2);
const config: TrainingConfig = { format: 'rnnkit-training', formatVersion: 1, loss: 'binaryCrossentropy',
  optimizer: { name: 'adam', learningRate: 0.001, epsilon: 1e-7, epsilonStyle: 'keras' }, batchSize: 32, epochs: 1 };
const trainer = await createTfjsTrainingEngine({ backend }).createTrainer(model, config);
const batch = { inputs: { tokens: { dtype: 'int32' as const, shape: [B, T], data: tokens } }, targets: { dtype: 'float32' as const, shape: [B, 1], data: targets } };
for (let i = 0; i < 2; i++) await trainer.trainStep(batch);
let t0 = performance.now();
const N = 5;
for (let i = 0; i < N; i++) { const r = await trainer.trainStep(batch); if (i === N-1) console.log('loss', r.loss); }
console.log(backend, 'rnnkit ms/step', ((performance.now() - t0) / N).toFixed(1));
// profile
await tf.setBackend(backend); console.log("steps ok");
const prof = await tf.profile(async () => { await trainer.trainStep(batch); });
const byKernel = new Map<string, number>();
for (const k of prof.kernels) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + (k.kernelTimeMs as number));
console.log('kernels', prof.kernels.length, [...byKernel].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([n, v]) => `${n}:${v.toFixed(1)}`).join(' '));
