/**
 * The article's first model: a character-level classifier. One-hot (or any float) features per
 * step go through a SimpleRNN; a Dense layer reads the hidden state after the last step.
 *
 * PyTorch equivalent (hence `recurrentBias: true`: nn.RNN has both bias_ih and bias_hh):
 *
 *   class CharRnn(nn.Module):
 *       def __init__(self):
 *           super().__init__()
 *           self.rnn = nn.RNN(10, 20, batch_first=True)   # tanh
 *           self.fc = nn.Linear(20, 5)
 *       def forward(self, x):                              # x: [batch, time, 10]
 *           out, _ = self.rnn(x)
 *           return self.fc(out[:, -1, :])                  # [batch, 5] logits
 *
 * Keras equivalent (Keras has one bias, so its recurrentBias tensor would be zero):
 *   Sequential([Input((None, 10)), SimpleRNN(20), Dense(5)])
 *
 * Layer names follow the PyTorch module attributes (`rnn`, `fc`), so a state_dict maps by prefix.
 */
import type { ModelSpec } from '../spec/types.js';
import { validateSpec } from '../validate/validate-spec.js';

export interface CharRnnOptions {
  /** Features per step (alphabet size for one-hot characters). Default 10. */
  inputSize?: number;
  /** SimpleRNN units. Default 20. */
  hiddenSize?: number;
  /** Dense outputs (classes). Default 5. */
  outputSize?: number;
}

/** Input `input` float32 [batch, time, inputSize]; output `output` float32 [batch, outputSize] (logits). */
export function charRnnSpec(options: CharRnnOptions = {}): ModelSpec {
  const { inputSize = 10, hiddenSize = 20, outputSize = 5 } = options;
  return validateSpec({
    format: 'rnnkit-model',
    formatVersion: 1,
    name: 'char-rnn',
    input: { name: 'input', type: 'features', size: inputSize },
    layers: [
      {
        type: 'simpleRnn',
        name: 'rnn',
        units: hiddenSize,
        activation: 'tanh',
        recurrentBias: true,
      },
      { type: 'dense', name: 'fc', units: outputSize },
    ],
    output: { name: 'output' },
  });
}
