import * as tf from '@tensorflow/tfjs-core';
import { setUpTfjsBackend } from '../src/engine/setup.js';
await setUpTfjsBackend('wasm'); await tf.setBackend('wasm');
const time = async (label: string, f: () => tf.Tensor, n = 20) => {
  for (let i = 0; i < 3; i++) f().dispose();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) { const r = f(); await r.data(); r.dispose(); }
  console.log(label, ((performance.now() - t0) / n).toFixed(3), 'ms');
};
const h = tf.randomNormal([32, 128]); const R = tf.randomNormal([128, 512]); const dy = tf.randomNormal([32, 512]);
await time('h@R', () => tf.matMul(h, R));
await time('dy@R^T', () => tf.matMul(dy, R, false, true));
await time('h^T@dy', () => tf.matMul(h, dy, true, false));
const X = tf.randomNormal([3200, 64]); const W = tf.randomNormal([64, 512]); const DY = tf.randomNormal([3200, 512]);
await time('X@W', () => tf.matMul(X, W), 5);
await time('X^T@DY', () => tf.matMul(X, DY, true, false), 5);
await time('DY@W^T', () => tf.matMul(DY, W, false, true), 5);
const P = tf.randomNormal([100, 32, 512]);
await time('unstack', () => { const u = tf.unstack(P); tf.dispose(u.slice(1)); return u[0]; }, 3);
await time('split', () => { const u = tf.split(tf.reshape(P,[100, 32*512]), 100, 0); tf.dispose(u.slice(1)); return u[0]; }, 3);
