/**
 * Checks of a training config against the model it trains (the config validator alone cannot see
 * the model). Every engine calls `checkConfigForModel` in createTrainer; failures are
 * INVALID_CONFIG with the JSON path of the config field, as the validator's.
 *
 * A final Dense with `logSoftmax` outputs log-probabilities (docs/training.md, "logSoftmax
 * heads"). The cross-entropy losses then read the output as log p: −Σ y·output, which is
 * PyTorch's `NLLLoss` on `F.log_softmax` (aten/src/ATen/native/LossNLL.cpp) and equal to
 * `CrossEntropyLoss` on the Dense's pre-activation. Combinations that would treat log-probabilities
 * as something else are refused by name rather than computed.
 */
import type { ModelSpec } from '../spec/types.js';
import { configFail } from './config-checks.js';
import type { TrainingConfig } from './types.js';
import { resolveLoss } from './validate-config.js';

/** True when the model's last layer is a Dense with logSoftmax: its output is log-probabilities. */
/** The model ends in a logSoftmax Dense or `activation` layer: its output is log-probabilities. */
export function outputIsLogProbabilities(spec: ModelSpec): boolean {
  const last = spec.layers[spec.layers.length - 1];
  return (
    (last?.type === 'dense' || last?.type === 'activation') && last.activation === 'logSoftmax'
  );
}

export function checkConfigForModel(spec: ModelSpec, config: TrainingConfig): void {
  const dropout = spec.layers.find((layer) => layer.type === 'dropout' && layer.rate > 0);
  if (dropout && config.dropout === undefined) {
    configFail(
      '$.dropout',
      `the model has a dropout layer '${dropout.name}' with a rate > 0: set "dropout": "apply" (drop units in training, as PyTorch's nn.Dropout and Keras's Dropout do) or "ignore" (train it as the identity); there is no default`,
    );
  }
  checkLossForHead(spec, config);
}

function checkLossForHead(spec: ModelSpec, config: TrainingConfig): void {
  const loss = resolveLoss(config.loss);
  const crossEntropy = loss.name !== 'meanSquaredError';
  const lastDense = [...spec.layers].reverse().find((layer) => layer.type === 'dense');
  if (!outputIsLogProbabilities(spec)) {
    if (crossEntropy && lastDense?.type === 'dense' && lastDense.activation === 'logSoftmax') {
      configFail(
        '$.loss.name',
        `${loss.name} needs the logSoftmax Dense '${lastDense.name}' to be the model's last layer (layers after it change what its log-probabilities mean)`,
      );
    }
    return;
  }
  const last = spec.layers[spec.layers.length - 1];
  const head = `the model ends in a logSoftmax ${last.type === 'dense' ? 'Dense' : 'activation layer'} (log-probabilities)`;
  if (loss.name === 'binaryCrossentropy') {
    configFail(
      '$.loss.name',
      `binaryCrossentropy reads per-feature probabilities, but ${head}; use sparseCategoricalCrossentropy or categoricalCrossentropy (NLLLoss), or a sigmoid Dense`,
    );
  }
  if (!crossEntropy) return;
  if (loss.fromLogits) {
    configFail(
      '$.loss.fromLogits',
      `${head}, not logits: omit fromLogits (the loss reads log-probabilities, as PyTorch's NLLLoss)`,
    );
  }
  if (loss.probabilityClipping !== 'none') {
    configFail(
      '$.loss.probabilityClipping',
      `${head}: there is no probability to clip; omit probabilityClipping`,
    );
  }
}
