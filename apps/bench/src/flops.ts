/**
 * FLOPs of the recurrent part only: per step, per direction, per example, the input product
 * (inputSize x gates*units) and the recurrent product (units x gates*units), 2 FLOPs per MAC.
 * Embeddings, Dense layers, activations and gate element-wise maths are deliberately left out,
 * so GFLOP/s is comparable across models (and understates work for softmax-heavy models).
 */
import { type ModelSpec, recurrentLayers } from '@rnnkit/core';

export function recurrentFlopsPerStep(spec: ModelSpec, batch: number): number {
  let flops = 0;
  for (const layer of recurrentLayers(spec)) {
    const width = layer.gates * layer.units;
    const macs = layer.inputSize * width + layer.units * width;
    flops += 2 * macs * layer.directions * batch;
  }
  return flops;
}

export function recurrentFlops(spec: ModelSpec, batch: number, steps: number): number {
  return recurrentFlopsPerStep(spec, batch) * steps;
}
