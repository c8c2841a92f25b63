/**
 * One run: inputs and initial state copied into the session's memory, the layers run by the
 * kernels, the main output and final state copied out. Everything this allocates is released
 * when the run ends, so a stream of runs reuses the same bytes.
 *
 * Data flows as rows: [batch*time, features] (row b*time + t, the batch-major layout of the
 * spec) while a time axis remains, [batch, features] after a recurrent layer with
 * returnSequences false.
 */
import type { PreparedRun, RecurrentState, Tensor } from '@rnnkit/core';
import { reverseTime, runActivationLayer } from './activation-layer.js';
import { concatStates } from './concat-states.js';
import type { KernelExports } from './kernels.js';
import type { MemoryArena } from './memory-arena.js';
import type { PlannedLayer } from './model-plan.js';
import { repeatPreviousOutputs } from './padded-outputs.js';
import { JOB_BYTES, writeRecurrentJob } from './recurrent-job.js';
import { stepInput } from './step-input.js';
import { logSoftmaxRows, pool, selectStep } from './time-reduce.js';

/** What a run reads of core's PreparedRun (src/engine/token-step-inputs.ts makes the same). */
export type RunInputs = Pick<
  PreparedRun,
  'batch' | 'time' | 'tokens' | 'features' | 'mask' | 'initialState'
>;

interface Flow {
  /** 0 while an embedding's rows are not gathered (the next layer reads projected tables). */
  at: number;
  /** Token ids behind an embedding flow, for layers that look up projected tables. */
  ids?: number;
  rows: number;
  width: number;
  sequence: boolean;
}

const MERGE_CODE = { concat: 0, sum: 1, ave: 2, mul: 3 } as const;

export function runModel(
  kernels: KernelExports,
  arena: MemoryArena,
  plan: PlannedLayer[],
  prepared: RunInputs,
): { output: Tensor<'float32'>; state: RecurrentState } {
  const mark = arena.mark();
  try {
    const { batch, time } = prepared;
    const steps = batch * time;
    const mask = prepared.mask ? copyMask(arena, prepared.mask) : 0;
    let flow: Flow;
    if (prepared.tokens) {
      const ids = arena.alloc(steps * 4, 'token ids');
      arena.int32.set(prepared.tokens, ids >> 2);
      flow = { at: ids, rows: steps, width: 1, sequence: true };
    } else {
      const features = prepared.features as Float32Array;
      flow = {
        at: arena.writeFloats(features, 'input features'),
        rows: steps,
        width: features.length / steps,
        sequence: true,
      };
    }
    const state: RecurrentState = {};
    for (const layer of plan) {
      if (layer.kind === 'dropout') continue;
      if (layer.kind === 'embedding') {
        if (layer.projectedByNext) {
          flow = { at: 0, ids: flow.at, rows: steps, width: layer.outputDim, sequence: true };
          continue;
        }
        const out = arena.alloc(steps * layer.outputDim * 4, 'embedding output');
        kernels.embedding_gather(out, layer.table, flow.at, steps, layer.outputDim);
        flow = { at: out, rows: steps, width: layer.outputDim, sequence: true };
      } else if (layer.kind === 'dense') {
        const out = arena.alloc(flow.rows * layer.units * 4, 'dense output');
        kernels.gemm(
          out,
          layer.units,
          flow.at,
          flow.width,
          flow.rows,
          flow.width,
          layer.kernel,
          layer.units,
          layer.bias,
        );
        if (layer.activation === 'softmax') kernels.softmax_rows(out, flow.rows, layer.units);
        else if (layer.activation === 'logSoftmax')
          logSoftmaxRows(arena, out, flow.rows, layer.units);
        else if (layer.activation.code !== 0) {
          const { code, alpha, beta } = layer.activation;
          kernels.activate(out, flow.rows * layer.units, code, alpha, beta);
        }
        flow = { at: out, rows: flow.rows, width: layer.units, sequence: flow.sequence };
      } else if (layer.kind === 'activation') {
        const out = runActivationLayer(
          kernels,
          arena,
          layer.activation,
          flow.at,
          flow.rows,
          flow.width,
        );
        flow = { ...flow, at: out };
      } else if (layer.kind === 'concatStates') {
        const data = concatStates(layer.layer, state, batch);
        const width = data.length / batch;
        flow = {
          at: arena.writeFloats(data, `${layer.layer.name} output`),
          rows: batch,
          width,
          sequence: false,
        };
      } else if (layer.kind === 'selectStep' || layer.kind === 'pooling') {
        // The spec only allows these on a sequence (validateModel); rows b*time + t.
        const out =
          layer.kind === 'selectStep'
            ? selectStep(arena, flow.at, batch, time, flow.width, layer.index)
            : pool(arena, flow.at, batch, time, flow.width, layer.mode, layer.realOnly, mask);
        flow = { at: out, rows: batch, width: flow.width, sequence: false };
      } else {
        flow = runRecurrent(kernels, arena, layer, flow, prepared, mask, state);
        if (flow.sequence && layer.layer.sequenceOrder === 'processing')
          flow = { ...flow, at: reverseTime(arena, flow.at, batch, time, flow.width) };
      }
    }
    const shape = flow.sequence ? [batch, time, flow.width] : [batch, flow.width];
    return {
      output: { dtype: 'float32', shape, data: arena.readFloats(flow.at, flow.rows * flow.width) },
      state,
    };
  } finally {
    arena.release(mark);
  }
}

function copyMask(arena: MemoryArena, mask: Uint8Array): number {
  const at = arena.alloc(mask.length, 'padding mask');
  arena.uint8.set(mask, at);
  return at;
}

function runRecurrent(
  kernels: KernelExports,
  arena: MemoryArena,
  planned: Extract<PlannedLayer, { kind: 'recurrent' }>,
  flow: Flow,
  prepared: RunInputs,
  mask: number,
  state: RecurrentState,
): Flow {
  const { layer } = planned;
  const { batch, time } = prepared;
  const units = layer.units;
  const width = layer.gates * units;
  const directions = layer.directions;
  const steps = batch * time;
  const stateSize = batch * units;
  const initial = prepared.initialState[layer.name];
  const h = arena.writeFloats(initial.h.data as Float32Array, `${layer.name} state h`);
  const c = initial.c
    ? arena.writeFloats(initial.c.data as Float32Array, `${layer.name} state c`)
    : 0;

  const concat = directions === 1 || layer.mergeMode === 'concat';
  const outWidth = concat ? directions * units : units;
  // Sequence output: concat writes both directions into one buffer at column offsets; the
  // other merges write one buffer per direction and combine them after.
  let sequenceOut = 0;
  const halves: number[] = [];
  if (layer.returnSequences) {
    if (concat) sequenceOut = arena.alloc(steps * outWidth * 4, `${layer.name} output`);
    else
      for (let d = 0; d < 2; d++)
        halves.push(arena.alloc(steps * units * 4, `${layer.name} output`));
  }
  const xp = planned.directions.some((weights) => !weights.fused)
    ? arena.alloc(steps * width * 4, `${layer.name} input projection`)
    : 0;
  const scratch = arena.alloc(batch * (width + units) * 4, `${layer.name} scratch`);
  const job = arena.alloc(JOB_BYTES, `${layer.name} job`);

  for (let d = 0; d < directions; d++) {
    const weights = planned.directions[d];
    // The input projection: fused into each step's product, or of every step at once.
    const input = stepInput(kernels, weights, flow, xp, width);
    const reverse = layer.direction === 'reverse' || d === 1;
    writeRecurrentJob(arena, job, {
      cell: planned.cell,
      batch,
      time,
      units,
      reverse,
      resetAfter: layer.resetAfter,
      ...input,
      recurrentKernelH: weights.recurrentKernelH,
      peephole: weights.peephole,
      h: h + d * stateSize * 4,
      c: c ? c + d * stateSize * 4 : 0,
      out: !layer.returnSequences ? 0 : concat ? sequenceOut + d * units * 4 : halves[d],
      outStride: concat ? outWidth : units,
      mask,
      scratch,
      ...planned.activations[d],
    });
    kernels.recurrent_run(job);
    if (layer.returnSequences && layer.paddedOutputs === 'previous') {
      repeatPreviousOutputs(
        arena,
        concat ? sequenceOut + d * units * 4 : halves[d],
        concat ? outWidth : units,
        units,
        batch,
        time,
        mask,
        reverse,
      );
    }
  }

  const shape = [directions, batch, units];
  state[layer.name] = {
    h: { dtype: 'float32', shape, data: arena.readFloats(h, directions * stateSize) },
  };
  if (c) {
    state[layer.name].c = {
      dtype: 'float32',
      shape: [...shape],
      data: arena.readFloats(c, directions * stateSize),
    };
  }

  const merge = MERGE_CODE[layer.mergeMode];
  if (layer.returnSequences) {
    if (!concat) {
      sequenceOut = arena.alloc(steps * units * 4, `${layer.name} merged output`);
      kernels.merge(sequenceOut, halves[0], halves[1], steps * units, merge);
    }
    return { at: sequenceOut, rows: steps, width: outWidth, sequence: true };
  }
  // Last-step output: the final states, [batch, units] per direction.
  if (directions === 1) return { at: h, rows: batch, width: units, sequence: false };
  const out = arena.alloc(batch * outWidth * 4, `${layer.name} output`);
  if (concat) {
    const f32 = arena.float32;
    for (let b = 0; b < batch; b++) {
      for (let d = 0; d < 2; d++) {
        const from = (h >> 2) + d * stateSize + b * units;
        f32.copyWithin((out >> 2) + b * outWidth + d * units, from, from + units);
      }
    }
  } else {
    kernels.merge(out, h, h + stateSize * 4, stateSize, merge);
  }
  return { at: out, rows: batch, width: outWidth, sequence: false };
}
