/**
 * Why stock tf.layers cannot train the sentiment LSTM's Embedding on tfjs-cpu in a bench run.
 *
 * tf.layers's Embedding is tf.gather, whose gradient is tf.unsortedSegmentSum over the table's
 * rows (tfjs-core src/gradients/GatherV2_grad.ts). tfjs-backend-cpu 4.22 implements that kernel
 * (src/kernels/UnsortedSegmentSum.ts) as a loop over every segment (every vocabulary row):
 * equal(ids, row) -> cast -> multiply by the whole [ids, dim] gradient -> sum, and it frees the
 * intermediates only after the loop. So one step costs inputDim full [ids, dim] products and
 * holds inputDim x ids x dim floats at its peak. For Embedding 10000x64 at batch 32 x 100 that
 * is 10000 x 3200 x 64 x 4 B ≈ 8.2 GB and, measured on this 2-core machine, ~42 ms per row
 * (250 rows: 13.2 s, 1000 rows: 42.6 s, 0.9 GB RSS) ≈ 7 minutes per step: the lead's run that
 * printed nothing for 8 minutes while holding ~6 GB was inside the first tf.layers step.
 * rnnkit's trainer scatters the rows instead (training/forward/embedding-lookup.ts, ScatterNd:
 * one pass over the ids), ~4.5 s per whole step on the same backend with a flat tensor count.
 */
import type { TrainingWorkload } from './training-workloads.js';

/** Peak bytes of tfjs-cpu's UnsortedSegmentSum for this workload's Embedding gradient. */
export function tfLayersEmbeddingGradientBytes(workload: TrainingWorkload): number {
  let bytes = 0;
  for (const layer of workload.spec.layers) {
    if (layer.type !== 'embedding') continue;
    const ids = workload.batch * workload.time;
    bytes = Math.max(bytes, layer.inputDim * ids * (layer.outputDim + 1) * 4);
  }
  return bytes;
}

/** Above this the bench skips the tf.layers side on tfjs-cpu unless --slow-baseline. */
export const TF_LAYERS_CPU_BUDGET_BYTES = 1e9;
