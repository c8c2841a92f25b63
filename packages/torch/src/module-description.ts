/**
 * What a PyTorch state dict cannot say about its model, written down.
 *
 * A state dict holds parameters by name (`rnn.weight_ih_l0`, `fc.bias`), so it tells which
 * modules exist, their kinds (from the gate count in the shapes), sizes, layer counts,
 * directions and whether they have biases. It does not hold what lives in the constructor
 * arguments that have no parameters (nn.RNN `nonlinearity`) or in `forward()`: the order the
 * modules are called in, which recurrent output feeds the next module (`out`, `out[:, -1, :]`
 * or `h_n`), and any activation applied after a Linear. A `ModuleDescription` says those things.
 */
import type { Activation } from '@rnnkit/core';

/**
 * Which output of a recurrent module the next module (or the model) reads:
 * - 'sequence':    `out`, every step [batch, time, directions*hidden] (returnSequences true).
 * - 'lastStep':    `out[:, -1, :]`; for a one-direction module this equals `h_n[-1]`
 *                  (returnSequences false). Refused for a bidirectional module: there the
 *                  reverse half of `out[:, -1, :]` has read only the last step, which no
 *                  rnnkit layer outputs; use 'finalHidden'.
 * - 'finalHidden': `h_n` of the last layer, directions concatenated:
 *                  `h_n[-1]`, or `torch.cat((h_n[-2], h_n[-1]), dim=1)` when bidirectional
 *                  (returnSequences false).
 */
export type RecurrentOutput = 'sequence' | 'lastStep' | 'finalHidden';

export type RecurrentKind = 'rnn' | 'lstm' | 'gru';

interface ModuleBase {
  /**
   * The module's attribute path in the state dict: `rnn` for `rnn.weight_ih_l0`,
   * `encoder.lstm` for nested modules, `''` for a bare module's own state dict.
   */
  prefix: string;
  /**
   * Spec layer name; default the prefix (or the kind when the prefix is empty or not a valid
   * layer name). A multi-layer recurrent module becomes layers `<name>_l0`, `<name>_l1`, ...
   */
  name?: string;
}

export interface EmbeddingModule extends ModuleBase {
  kind: 'embedding';
}

export interface RecurrentModule extends ModuleBase {
  kind: RecurrentKind;
  /** nn.RNN only, and required there: not stored in a state dict. */
  nonlinearity?: 'tanh' | 'relu';
  /** Inferred from the names (`_l<k>`) when omitted; checked when given. */
  numLayers?: number;
  /** Inferred from the names (`_reverse`) when omitted; checked when given. */
  bidirectional?: boolean;
  /** Inferred from the names (`bias_ih_l0`) when omitted; checked when given. */
  bias?: boolean;
  /**
   * How the PyTorch module reads its input. rnnkit inputs are always batch-major
   * ([batch, time, ...]); the weights are the same either way, so this is informational.
   */
  batchFirst?: boolean;
  /**
   * Which output the next module reads (see RecurrentOutput). Default 'sequence' (the module's
   * own `out`); required when a Linear follows and the description was inferred.
   */
  output?: RecurrentOutput;
}

export interface LinearModule extends ModuleBase {
  kind: 'linear';
  /**
   * Applied in `forward()` after the Linear (`torch.sigmoid(self.fc(x))`); not stored in the
   * state dict. Default 'linear' (the module's own output, logits). Softmax is over the last axis.
   */
  activation?: Activation;
  /** Inferred from the names (`<prefix>.bias`) when omitted; checked when given. */
  bias?: boolean;
  /**
   * Features the Linear reads when forward() computes them from something other than the module
   * before it (a concatStates head: final states of several layers side by side). Default: the
   * previous module's output features. Checked against the weight.
   */
  inFeatures?: number;
}

/** nn.Dropout: no parameters, identity at inference; listed so the spec keeps the layer. */
export interface DropoutModule {
  kind: 'dropout';
  name: string;
  rate: number;
}

export type TorchModule = EmbeddingModule | RecurrentModule | LinearModule | DropoutModule;

export interface ModuleDescription {
  /** The modules in the order `forward()` calls them. */
  modules: TorchModule[];
  /**
   * The model input. Type default: 'tokens' when the first module is an Embedding, else
   * 'features' with the size read from the first recurrent module's `weight_ih_l0`
   * (`size`, when given, is checked against it). Name default 'input'.
   */
  input?: { name?: string; type?: 'tokens' | 'features'; size?: number; timeSteps?: number };
  /** Main output name; default 'output'. */
  output?: { name?: string };
  /** Spec `name`; default none. */
  name?: string;
}
