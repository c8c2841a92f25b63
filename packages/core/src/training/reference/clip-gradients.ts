/**
 * Gradient clipping by norm (docs/training.md "Gradient clipping"):
 * - global: torch/nn/utils/clip_grad.py clip_grad_norm_, scale min(1, clipNorm / (n + 1e-6)),
 *   n the L2 norm over every gradient together;
 * - perTensor: Keras `clipnorm` (clip_by_norm), each tensor times clipNorm / max(‖g‖, clipNorm).
 */
import type { TrainingConfig } from '../types.js';

export function clipGradients(
  gradients: Map<string, Float64Array>,
  config: Pick<TrainingConfig, 'clipNorm' | 'clipNormScope'>,
): void {
  const clipNorm = config.clipNorm;
  if (clipNorm === undefined) return;
  const squaredNorm = (g: Float64Array) => {
    let sum = 0;
    for (let i = 0; i < g.length; i++) sum += g[i] * g[i];
    return sum;
  };
  const scaleBy = (g: Float64Array, scale: number) => {
    for (let i = 0; i < g.length; i++) g[i] *= scale;
  };
  if ((config.clipNormScope ?? 'global') === 'global') {
    let total = 0;
    for (const g of gradients.values()) total += squaredNorm(g);
    const scale = Math.min(1, clipNorm / (Math.sqrt(total) + 1e-6));
    if (scale < 1) for (const g of gradients.values()) scaleBy(g, scale);
    return;
  }
  for (const g of gradients.values()) {
    const norm = Math.sqrt(squaredNorm(g));
    if (norm > clipNorm) scaleBy(g, clipNorm / norm);
  }
}
