/**
 * Speed by design, checked structurally (always): the input projection of every step is one
 * fused matMul, and each step adds exactly one recurrent product (two for a GRU without
 * resetAfter, whose reset multiplies h before the candidate's product). A standard LSTM or GRU on
 * cpu and wasm has no projection: an LSTM step is one fused product (on cpu rnnkit's own,
 * RnnkitDense) and one rnnkit kernel, a GRU step two of each (reset before) or one of each
 * (reset after, product on cpu again RnnkitDense).
 *
 * Timing against stock tf.layers (opt-in, machine dependent): RNNKIT_BENCH=1 npx vitest run
 * src/performance.test.ts. Results are recorded in README.md.
 */

import type { ModelSpec, RecurrentLayer } from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createTfjsBackend } from './index.js';
import { seededFeatures, seededModel } from './test-support/seeded-weights.js';

function spec(layer: RecurrentLayer, size: number): ModelSpec {
  return {
    format: 'rnnkit-model',
    formatVersion: 1,
    input: { name: 'x', type: 'features', size },
    layers: [layer],
    output: { name: 'y' },
  };
}

async function kernelCounts(
  layer: RecurrentLayer,
  time: number,
  backend: 'cpu' | 'wasm' = 'cpu',
): Promise<Record<string, number>> {
  const session = await createTfjsBackend({ backend }).load(seededModel(spec(layer, 3)));
  const x = seededFeatures(2, time, 3);
  const info = await tf.profile(async () => {
    await session.run({ x });
  });
  await session.dispose();
  const counts: Record<string, number> = {};
  for (const kernel of info.kernels) counts[kernel.name] = (counts[kernel.name] ?? 0) + 1;
  return counts;
}

describe('per-step work', () => {
  const time = 9;
  it.each([
    [
      'lstm with relu (no step kernel)',
      { type: 'lstm', name: 'l', units: 4, activation: 'relu' } as RecurrentLayer,
      1,
    ],
    [
      'gru resetAfter, relu (no step kernel)',
      {
        type: 'gru',
        name: 'g',
        units: 4,
        resetAfter: true,
        recurrentBias: true,
        activation: 'relu',
      } as RecurrentLayer,
      1,
    ],
    [
      'gru reset before, relu (no step kernels)',
      { type: 'gru', name: 'g', units: 4, resetAfter: false, activation: 'relu' } as RecurrentLayer,
      2,
    ],
    ['simpleRnn', { type: 'simpleRnn', name: 's', units: 4 } as RecurrentLayer, 1],
  ])(
    '%s: one hoisted input product, %i recurrent product(s) per step',
    async (_, layer, perStep) => {
      const counts = await kernelCounts(layer, time);
      const products = (counts.BatchMatMul ?? 0) + (counts._FusedMatMul ?? 0);
      expect(products).toBe(1 + perStep * time);
    },
  );
});

/**
 * The step product's kernel, and the one that must not appear: tfjs-cpu's MatMul is slow, so
 * there the LSTM and reset-after GRU products are rnnkit's own (dense-kernel.ts).
 */
function stepProduct(backend: 'cpu' | 'wasm'): [string, string] {
  return backend === 'cpu' ? ['RnnkitDense', '_FusedMatMul'] : ['_FusedMatMul', 'RnnkitDense'];
}

describe.each(['cpu', 'wasm'] as const)('tfjs-%s step kernels', (backend) => {
  it('LSTM: one fused product and one rnnkit kernel per step, no projection or slicing', async () => {
    const time = 7;
    const counts = await kernelCounts({ type: 'lstm', name: 'l', units: 4 }, time, backend);
    const [product, unused] = stepProduct(backend);
    expect(counts[product]).toBe(time);
    expect(counts.RnnkitLstmCell).toBe(time);
    for (const op of [unused, 'BatchMatMul', 'Sigmoid', 'Tanh', 'SplitV', 'Multiply', 'Add'])
      expect(counts[op] ?? 0, op).toBe(0);
  });

  it('GRU (reset before): two fused products and two rnnkit kernels per step', async () => {
    const time = 7;
    const gru = { type: 'gru', name: 'g', units: 4, resetAfter: false } as RecurrentLayer;
    const counts = await kernelCounts(gru, time, backend);
    expect(counts._FusedMatMul).toBe(2 * time);
    expect(counts.RnnkitGruReset).toBe(time);
    expect(counts.RnnkitGruUpdate).toBe(time);
    for (const op of ['BatchMatMul', 'Sigmoid', 'Tanh', 'SplitV', 'Multiply', 'Add', 'Sub'])
      expect(counts[op] ?? 0, op).toBe(0);
  });

  it('GRU (reset after, the Keras default): one fused product and one rnnkit kernel per step', async () => {
    const time = 7;
    const gru = {
      type: 'gru',
      name: 'g',
      units: 4,
      resetAfter: true,
      recurrentBias: true,
    } as RecurrentLayer;
    const counts = await kernelCounts(gru, time, backend);
    const [product, unused] = stepProduct(backend);
    expect(counts[product]).toBe(time);
    expect(counts.RnnkitGruResetAfter).toBe(time);
    for (const op of [unused, 'BatchMatMul', 'Sigmoid', 'Tanh', 'SplitV', 'Multiply', 'Add', 'Sub'])
      expect(counts[op] ?? 0, op).toBe(0);
  });
});

const bench = process.env.RNNKIT_BENCH === '1';

describe.runIf(bench)('timing against tf.layers (RNNKIT_BENCH=1)', () => {
  const batch = 32;
  const time = 100;
  const size = 64;
  const units = 128;
  for (const backendName of ['cpu', 'wasm'] as const) {
    for (const type of ['lstm', 'gru', 'simpleRnn'] as const) {
      it(`${type} on tfjs-${backendName}`, async () => {
        const tfl = await import('@tensorflow/tfjs');
        const layer = (
          type === 'gru'
            ? { type, name: 'r', units, resetAfter: false }
            : { type, name: 'r', units }
        ) as RecurrentLayer;
        const model = seededModel(spec(layer, size), 1, 0.1);
        const x = seededFeatures(batch, time, size);
        const session = await createTfjsBackend({ backend: backendName }).load(model);
        await session.run({ x });
        const ours = await timeIt(() => session.run({ x }));

        await tfl.setBackend(backendName);
        const config = { units, recurrentActivation: 'sigmoid' as const, inputShape: [time, size] };
        const stock =
          type === 'lstm'
            ? tfl.layers.lstm(config)
            : type === 'gru'
              ? tfl.layers.gru(config)
              : tfl.layers.simpleRNN({ units, inputShape: [time, size] });
        const sequential = tfl.sequential({ layers: [stock] });
        stock.setWeights(
          ['kernel', 'recurrentKernel', 'bias'].map((w) => {
            const t = model.weights.get(`r/${w}`);
            return tfl.tensor(t?.data as Float32Array, t?.shape);
          }),
        );
        const input = tfl.tensor3d(x.data, [batch, time, size]);
        const reference = (sequential.predict(input) as tf.Tensor).dataSync();
        const theirs = await timeIt(async () => {
          const y = sequential.predict(input) as tf.Tensor;
          await y.data();
          y.dispose();
        });
        const mine = (await session.run({ x })).outputs.y.data;
        let worst = 0;
        for (let i = 0; i < mine.length; i++)
          worst = Math.max(worst, Math.abs(Number(mine[i]) - reference[i]));
        console.log(
          `${type} tfjs-${backendName} batch ${batch} x ${time} steps x ${size} -> ${units}: rnnkit ${ours.toFixed(1)} ms, tf.layers ${theirs.toFixed(1)} ms (x${(theirs / ours).toFixed(2)}), max |diff| ${worst.toExponential(1)}`,
        );
        await session.dispose();
        input.dispose();
        sequential.dispose();
        expect(worst).toBeLessThan(1e-4);
      }, 120_000);
    }
  }
});

async function timeIt(run: () => Promise<unknown>, repeats = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}
