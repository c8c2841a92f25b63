/**
 * One batch through a trainer: a single step, or with truncated BPTT one step per window of
 * `steps` time steps, each window starting from the previous window's final state (carried as
 * values, so gradients stop at the border). The batch's loss is the mean of the window losses
 * weighted by their real positions' share, approximated by window length.
 */
import type { RecurrentState } from '../../backend.js';
import type { NamedTensors } from '../../tensor.js';
import type { StepResult, Trainer, TrainingBatch, TrainingConfig } from '../types.js';
import { sliceTime } from './batching.js';

export async function runBatch(
  trainer: Trainer,
  batch: TrainingBatch,
  config: TrainingConfig,
  train: boolean,
): Promise<StepResult> {
  const step = (b: TrainingBatch) => (train ? trainer.trainStep(b) : trainer.evaluate(b));
  const window = config.truncatedBptt?.steps;
  const time = batch.targets.shape[1];
  if (window === undefined || time <= window) return step(batch);
  let state: RecurrentState = {};
  let loss = 0;
  const metrics: Record<string, number> = {};
  for (let start = 0; start < time; start += window) {
    const end = Math.min(time, start + window);
    const inputs: NamedTensors = {};
    for (const [name, tensor] of Object.entries(batch.inputs))
      inputs[name] = sliceTime(tensor, start, end);
    const result = await step({ inputs, targets: sliceTime(batch.targets, start, end), state });
    const share = (end - start) / time;
    loss += result.loss * share;
    for (const [key, value] of Object.entries(result.metrics))
      metrics[key] = (metrics[key] ?? 0) + value * share;
    if (!Number.isFinite(result.loss)) return { loss: result.loss, metrics };
    state = result.state ?? {};
  }
  return { loss, metrics };
}
