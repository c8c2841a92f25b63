/**
 * Which recurrent layers fold their input projection into the step's product (step-input.ts):
 * LSTM and SimpleRNN reading input rows do; a layer looking tokens up in a projected embedding
 * table, and GRU, keep the separate projection. The stacked [W; U] panels are the packed
 * weights the fused product reads, and the fused bias is bias + recurrentBias.
 */
import type { LayerSpec } from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import {
  featureSpec,
  randomModel,
  tokenSpec,
} from '../../../onnx/src/runtime/test-support/models.js';
import { instantiateKernels, kernelModule } from './kernels.js';
import { MemoryArena } from './memory-arena.js';
import { planModel } from './model-plan.js';

async function plan(spec: Parameters<typeof randomModel>[0]) {
  const memory = new WebAssembly.Memory({ initial: 2, maximum: 256 });
  const kernels = instantiateKernels(await kernelModule(), memory);
  const arena = new MemoryArena(memory, kernels.__heap_base.value as number);
  const model = randomModel(spec, 5);
  const layers = planModel(model, arena, kernels).filter((p) => p.kind === 'recurrent');
  return { layers, arena, model };
}

const lstm: LayerSpec = { type: 'lstm', name: 'r', units: 3, recurrentBias: true };

describe('fused step input', () => {
  it('an LSTM and a SimpleRNN on features fuse; their panels hold [W; U], the bias b + rb', async () => {
    const { layers, arena, model } = await plan(
      featureSpec(2, [
        { ...lstm, returnSequences: true },
        { type: 'simpleRnn', name: 's', units: 5, direction: 'bidirectional' },
      ]),
    );
    expect(layers.map((l) => l.directions.map((d) => d.fused !== undefined))).toEqual([
      [true],
      [true, true],
    ]);
    const fused = layers[0].directions[0].fused!;
    expect(layers[0].directions[0].kernel).toBe(0);
    // 12 columns in one zero-padded 16-wide panel, k = 2 + 3 rows: row p, column j at p*16 + j.
    const panel = arena.readFloats(fused.kernel, 5 * 16);
    const w = model.weights.get('r/kernel')!.data;
    const u = model.weights.get('r/recurrentKernel')!.data;
    expect(panel[1 * 16 + 7]).toBe(w[1 * 12 + 7]);
    expect(panel[(2 + 2) * 16 + 11]).toBe(u[2 * 12 + 11]);
    expect(panel[3 * 16 + 12]).toBe(0);
    const b = model.weights.get('r/bias')!.data;
    const rb = model.weights.get('r/recurrentBias')!.data;
    expect(arena.readFloats(fused.bias, 12)[5]).toBe(Math.fround(b[5] + rb[5]));
  });

  it('a layer on a projected embedding table and a GRU keep the separate projection', async () => {
    const { layers } = await plan(
      tokenSpec(10, 4, [
        { ...lstm, returnSequences: true },
        { type: 'gru', name: 'g', units: 3, resetAfter: true },
      ]),
    );
    expect(layers[0].directions[0].projectedTable).not.toBe(0);
    expect(layers.map((l) => l.directions[0].fused)).toEqual([undefined, undefined]);
  });
});
