/**
 * Early stopping as Keras 3's EarlyStopping callback does it (keras/src/callbacks/early_stopping.py):
 * an epoch improves when the monitored value beats the best by more than minDelta (lower for
 * losses, higher for accuracies); after `patience` epochs in a row without improvement (at least
 * one) training stops, and with restoreBestWeights the best epoch's weights are returned.
 */
import type { EarlyStoppingConfig } from '../types.js';

export interface EarlyStoppingState {
  best: number;
  wait: number;
}

export function initialEarlyStopping(config: EarlyStoppingConfig): EarlyStoppingState {
  return {
    best: lowerIsBetter(config) ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY,
    wait: 0,
  };
}

function lowerIsBetter(config: EarlyStoppingConfig): boolean {
  return config.monitor === 'loss' || config.monitor === 'valLoss';
}

/** Updates the state with this epoch's value; returns whether it improved and whether to stop. */
export function updateEarlyStopping(
  config: EarlyStoppingConfig,
  state: EarlyStoppingState,
  value: number,
): { improved: boolean; stop: boolean } {
  const minDelta = config.minDelta ?? 0;
  const improved = lowerIsBetter(config)
    ? value < state.best - minDelta
    : value > state.best + minDelta;
  if (improved) {
    state.best = value;
    state.wait = 0;
    return { improved, stop: false };
  }
  state.wait += 1;
  // Keras: `wait >= patience` after counting this epoch, so patience 0 and 1 both stop at the
  // first epoch without improvement.
  return { improved, stop: state.wait >= Math.max(1, config.patience) };
}
