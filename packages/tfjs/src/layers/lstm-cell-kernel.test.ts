/**
 * The LSTM cell kernel against a float64 evaluation of its formula, on both of its paths:
 * tfjs-wasm's SIMD module (units a multiple of 4) and the JS loop (tfjs-cpu, and tfjs-wasm for
 * other unit counts), including the values where a fast tanh can go wrong: saturation, ±Infinity
 * and NaN.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { withActiveBackend } from '../engine/exclusive.js';
import { setUpTfjsBackend } from '../engine/setup.js';
import { lstmCellOp, registerLstmCell } from './lstm-cell-kernel.js';
import { hasSimdLstmCell, runSimdLstmCell } from './wasm/simd-lstm-cell.js';

interface Case {
  units: number;
  batch: number;
  inputSize: number;
  time: number;
  gates: Float32Array; // [batch, 4*units], in (0, 1)
  c: Float32Array; // [units, batch]
  inputs: Float32Array; // [time, batch, inputSize]
}

function makeCase(units: number, batch: number, inputSize: number): Case {
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const time = 3;
  const gates = Float32Array.from({ length: batch * 4 * units }, random);
  const c = Float32Array.from({ length: units * batch }, () => 8 * random() - 4);
  const special = [60, -60, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN, 0];
  special.forEach((value, i) => {
    c[(i * 7) % c.length] = value;
  });
  const inputs = Float32Array.from({ length: time * batch * inputSize }, () => random() - 0.5);
  return { units, batch, inputSize, time, gates, c, inputs };
}

/** h, c' [units, batch] and next [batch, inputSize + units], in float64. */
function expected(k: Case, nextStep: number) {
  const { units, batch, inputSize } = k;
  const h = new Float64Array(units * batch);
  const cNext = new Float64Array(units * batch);
  const next = new Float64Array(batch * (inputSize + units));
  for (let b = 0; b < batch; b++) {
    const gate = (g: number, j: number) => k.gates[b * 4 * units + g * units + j];
    for (let j = 0; j < units; j++) {
      const cell = gate(1, j) * k.c[j * batch + b] + gate(0, j) * (2 * gate(2, j) - 1);
      const hidden = gate(3, j) * Math.tanh(cell);
      cNext[j * batch + b] = cell;
      h[j * batch + b] = hidden;
      next[b * (inputSize + units) + inputSize + j] = hidden;
    }
    for (let i = 0; i < inputSize; i++) {
      next[b * (inputSize + units) + i] =
        nextStep < 0 ? 0 : k.inputs[(nextStep * batch + b) * inputSize + i];
    }
  }
  return { h, c: cNext, next };
}

function expectClose(actual: Float32Array, wanted: Float64Array, what: string): void {
  expect(actual.length, what).toBe(wanted.length);
  for (let i = 0; i < wanted.length; i++) {
    if (Number.isNaN(wanted[i]) || !Number.isFinite(wanted[i])) {
      expect(actual[i], `${what}[${i}]`).toBe(Math.fround(wanted[i]));
    } else {
      // float32 results: a few units in the last place of max(1, |value|)
      const bound = 3e-7 * Math.max(1, Math.abs(wanted[i]));
      expect(Math.abs(actual[i] - wanted[i]), `${what}[${i}]`).toBeLessThan(bound);
    }
  }
}

describe.each(['wasm', 'cpu'] as const)('RnnkitLstmCell on tfjs-%s', (backend) => {
  beforeAll(async () => {
    await setUpTfjsBackend(backend);
    registerLstmCell(backend);
  });

  it.each([
    [8, 3, 5],
    [128, 32, 64],
    [6, 2, 3], // units not a multiple of 4: the JS loop on both backends
    [4, 1, 1],
  ])(
    'units %i, batch %i, inputs %i: h, c and the next [x | h] block',
    async (units, batch, inputSize) => {
      const k = makeCase(units, batch, inputSize);
      for (const nextStep of [1, -1]) {
        const got = await withActiveBackend(backend, () =>
          tf.tidy(() => {
            const out = lstmCellOp(
              tf.tensor2d(k.gates, [batch, 4 * units]),
              tf.tensor2d(k.c, [units, batch]),
              tf.tensor3d(k.inputs, [k.time, batch, inputSize]),
              nextStep,
            );
            return { h: out.h.dataSync(), c: out.c.dataSync(), next: out.next.dataSync() };
          }),
        );
        const want = expected(k, nextStep);
        expectClose(got.h as Float32Array, want.h, `h (nextStep ${nextStep})`);
        expectClose(got.c as Float32Array, want.c, `c (nextStep ${nextStep})`);
        expectClose(got.next as Float32Array, want.next, `next (nextStep ${nextStep})`);
      }
    },
  );
});

describe('the SIMD path', () => {
  it('is taken on tfjs-wasm in Node, so the cases above test it', async () => {
    await setUpTfjsBackend('wasm');
    const simd = await withActiveBackend('wasm', () => hasSimdLstmCell(tf.backend()));
    expect(simd).toBe(true);
  });

  it('is not offered for a backend that is not tfjs-wasm', async () => {
    await setUpTfjsBackend('cpu');
    expect(await withActiveBackend('cpu', () => hasSimdLstmCell(tf.backend()))).toBe(false);
  });
});

describe("the SIMD cell on a shared memory, as in tfjs-wasm's threaded build", () => {
  it('computes the same values as on a plain memory', () => {
    // The threaded build (cross-origin isolated pages) keeps its shared memory in `wasmMemory`.
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
    expect(memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    const floats = new Float32Array(memory.buffer);
    let free = 64; // byte offset of the next tensor
    const place = (shape: number[], data?: Float32Array): tf.TensorInfo => {
      const offset = free;
      const size = shape.reduce((a, b) => a * b, 1);
      if (data) floats.set(data, offset / 4);
      free += size * 4;
      return { dataId: { offset }, shape, dtype: 'float32' };
    };
    const backend = {
      wasm: { wasmMemory: memory },
      getMemoryOffset: (dataId: { offset: number }) => dataId.offset,
    };
    const [units, batch, inputSize] = [8, 3, 5];
    const k = makeCase(units, batch, inputSize);
    const args = {
      gates: place([batch, 4 * units], k.gates),
      c: place([units, batch], k.c),
      inputs: place([k.time, batch, inputSize], k.inputs),
      nextStep: 2,
      h: place([units, batch]),
      cNext: place([units, batch]),
      next: place([batch, inputSize + units]),
    };
    expect(runSimdLstmCell(backend, args)).toBe(true);
    const read = (info: tf.TensorInfo) => {
      const offset = (info.dataId as { offset: number }).offset / 4;
      return floats.slice(offset, offset + info.shape.reduce((a, b) => a * b, 1));
    };
    const want = expected(k, 2);
    expectClose(read(args.h), want.h, 'h');
    expectClose(read(args.cNext), want.c, 'c');
    expectClose(read(args.next), want.next, 'next');
  });
});
