// Adam's variables from a real Keras 3.9.2 file; the expected numbers were printed by h5py
// (an independent HDF5 reader) from the same file: iterations, shapes, sums and first values.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readKerasOptimizerState } from './read-optimizer-state.js';

const real = join(dirname(fileURLToPath(import.meta.url)), '..', '__fixtures__', 'real');
const bytes = (path: string) => new Uint8Array(readFileSync(join(real, path)));
const sum = (data: unknown) => Array.from(data as ArrayLike<number>).reduce((a, b) => a + b, 0);

describe('readKerasOptimizerState', () => {
  it('reads Adam step and m/v slots under canonical names (GRU reset-after bias split in two)', async () => {
    const state = await readKerasOptimizerState(bytes('keras3_cdt406_emg_gru/gru_model.keras'));
    expect(state?.name).toBe('adam');
    expect(state?.step).toBe(8870);
    const slots = state?.slots ?? {};
    expect(Object.keys(slots).sort()).toEqual([
      'dense/bias',
      'dense/kernel',
      'gru/bias',
      'gru/kernel',
      'gru/recurrentBias',
      'gru/recurrentKernel',
      'gru_1/bias',
      'gru_1/kernel',
      'gru_1/recurrentBias',
      'gru_1/recurrentKernel',
    ]);
    // h5py: optimizer/vars/2 (m of gru kernel, [1, 96]) sum 0.001666163305799273, first -9.870632493402809e-05
    expect(slots['gru/kernel'].m.shape).toEqual([1, 96]);
    expect(sum(slots['gru/kernel'].m.data)).toBeCloseTo(0.001666163305799273, 7);
    expect(slots['gru/kernel'].m.data[0]).toBeCloseTo(-9.870632493402809e-5, 12);
    expect(sum(slots['gru/kernel'].v.data)).toBeCloseTo(0.0028285828906824406, 7);
    // vars/6 (m of gru bias, [2, 96]): row 0 sum 0.0044684233880616375 -> bias, row 1 0.000722522353498789 -> recurrentBias
    expect(slots['gru/bias'].m.shape).toEqual([96]);
    expect(sum(slots['gru/bias'].m.data)).toBeCloseTo(0.0044684233880616375, 7);
    expect(sum(slots['gru/recurrentBias'].m.data)).toBeCloseTo(0.000722522353498789, 7);
    // vars/16, vars/17: dense bias m first values 0.0012778437230736017, -0.002895207377150655; v sum 0.0016299881972372532
    expect(Array.from((slots['dense/bias'].m.data as Float32Array).slice(0, 2))).toEqual([
      Math.fround(0.0012778437230736017),
      Math.fround(-0.002895207377150655),
    ]);
    expect(sum(slots['dense/bias'].v.data)).toBeCloseTo(0.0016299881972372532, 7);
  });
});

describe('fine-tuning continues Keras 3 Adam', () => {
  it("one reference step from the file's state equals Keras's Adam update written out by hand", async () => {
    const { createReferenceTrainer, float32Tensor } = await import('@rnnkit/core');
    const { readKerasFile } = await import('../keras-v3/read-keras-file.js');
    const { readKerasCompileSettings } = await import('./read-compile-settings.js');
    const { trainingConfigFromKeras } = await import('./compile-settings.js');
    const file = bytes('keras3_cdt406_emg_gru/gru_model.keras');
    const model = await readKerasFile(file);
    const settings = await readKerasCompileSettings(file);
    const config = trainingConfigFromKeras(settings as never, { batchSize: 2, epochs: 1 });
    const state = (await readKerasOptimizerState(file)) as NonNullable<
      Awaited<ReturnType<typeof readKerasOptimizerState>>
    >;
    const batch = {
      inputs: {
        [model.spec.input.name]: float32Tensor(
          [2, 4, 1],
          [0.3, -1.2, 0.8, 0.1, -0.5, 0.9, 1.4, -0.2],
        ),
      },
      targets: float32Tensor([2, 3], [1, 0, 0, 0, 0, 1]),
    };
    const trainer = await createReferenceTrainer(model, config);
    await trainer.setOptimizerState(state);
    const { gradients } = await trainer.computeGradients(batch);
    await trainer.trainStep(batch);
    const after = (await trainer.getModel()).weights.get('dense/kernel')?.data as Float32Array;
    // keras/src/optimizers/adam.py update_step, t = iterations + 1:
    //   alpha = lr·sqrt(1-β2^t)/(1-β1^t); m += (g-m)(1-β1); v += (g²-v)(1-β2); w -= alpha·m/(sqrt(v)+ε)
    const {
      learningRate: lr,
      beta1 = 0.9,
      beta2 = 0.999,
      epsilon,
    } = config.optimizer as {
      learningRate: number;
      beta1?: number;
      beta2?: number;
      epsilon: number;
    };
    const t = state.step + 1;
    const alpha = (lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
    const before = model.weights.get('dense/kernel')?.data as Float32Array;
    const g = gradients.get('dense/kernel') as Float64Array;
    const m0 = state.slots['dense/kernel'].m.data as Float32Array;
    const v0 = state.slots['dense/kernel'].v.data as Float32Array;
    for (let i = 0; i < before.length; i++) {
      const m = m0[i] + (g[i] - m0[i]) * (1 - beta1);
      const v = v0[i] + (g[i] * g[i] - v0[i]) * (1 - beta2);
      const expected = before[i] - (alpha * m) / (Math.sqrt(v) + epsilon);
      expect(Math.abs(after[i] - expected)).toBeLessThan(1e-7 + 1e-6 * Math.abs(expected));
    }
    // And not what a fresh Adam (step 1) would have done: the state matters here.
    const fresh = await createReferenceTrainer(model, config);
    await fresh.trainStep(batch);
    const freshAfter = (await fresh.getModel()).weights.get('dense/kernel')?.data as Float32Array;
    expect(Math.max(...after.map((x, i) => Math.abs(x - freshAfter[i])))).toBeGreaterThan(1e-5);
  });
});
