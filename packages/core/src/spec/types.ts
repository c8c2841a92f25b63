/**
 * The portable model spec, format version 1: plain JSON, validated at load (validate/validate-spec.ts;
 * human documentation with every field and default: docs/spec.md).
 *
 * Tensor layout is batch-major everywhere: token inputs are [batch, time] int32, feature inputs
 * [batch, time, size] float32, sequence outputs [batch, time, features]. This is Keras's layout and
 * PyTorch's `batch_first=True`; ONNX's native RNN layout is time-major (layout=0) and the ONNX
 * exporter transposes around it.
 *
 * Defaults are documented on every field; none is taken silently from one framework. Where the
 * frameworks disagree (GRU reset placement, hard sigmoid's slope), the field has no default and
 * must be written out.
 */

/** Activations without parameters. */
export type PlainActivationName =
  | 'linear'
  | 'relu'
  | 'tanh'
  | 'sigmoid'
  | 'softsign'
  | 'softplus'
  | 'softmax'
  | 'logSoftmax'
  | 'exponential';

/**
 * Activations with parameters; the parameters are always written out.
 * - hardSigmoid: clip(alpha*x + beta, 0, 1). Keras 1/2, tf.js and ONNX: alpha 0.2, beta 0.5.
 *   Keras 3: alpha 1/6, beta 0.5 (relu6(x+3)/6). PyTorch's Hardsigmoid is Keras 3's.
 * - leakyRelu: x >= 0 ? x : alpha*x (Keras LeakyReLU default 0.3, PyTorch and ONNX 0.01).
 * - thresholdedRelu: x > alpha ? x : 0.
 * - elu: x >= 0 ? x : alpha*(exp(x)-1).
 * - affine: alpha*x + beta (ONNX RNN activation).
 * - scaledTanh: alpha*tanh(beta*x) (ONNX RNN activation).
 */
export type ParameterisedActivation =
  | { name: 'hardSigmoid'; alpha: number; beta: number }
  | { name: 'leakyRelu'; alpha: number }
  | { name: 'thresholdedRelu'; alpha: number }
  | { name: 'elu'; alpha: number }
  | { name: 'affine'; alpha: number; beta: number }
  | { name: 'scaledTanh'; alpha: number; beta: number };

/**
 * Either a plain name (`"tanh"`) or an object naming its parameters. `softmax` and `logSoftmax`
 * (log of softmax over the last axis, PyTorch `F.log_softmax(x, dim=-1)`, ONNX `LogSoftmax`)
 * are Dense-only.
 */
export type Activation = PlainActivationName | ParameterisedActivation;

export type ActivationName = PlainActivationName | ParameterisedActivation['name'];

export type Direction = 'forward' | 'reverse' | 'bidirectional';

/**
 * What a sequence output holds at a step that is not real (beyond a length, or a masked token):
 * - 'zero': zeros. ONNX `Y` with `sequence_lens` (ONNX Runtime), PyTorch `pad_packed_sequence`
 *   (padding_value 0), Keras `Bidirectional(return_sequences=True)` (which forces its layers'
 *   `zero_output_for_mask`).
 * - 'previous': the output of the most recent real step in the direction's processing order, or
 *   zeros before the first one. Keras's plain masked RNN layers (`zero_output_for_mask=False`,
 *   keras/src/backend/tensorflow/rnn.py `rnn`, and Keras 2's backend.rnn).
 */
export type PaddedOutputs = 'zero' | 'previous';

/**
 * The order of a reverse layer's returned sequence:
 * - 'time' (default): time-aligned, output[t] is the state after consuming step t (ONNX, PyTorch);
 * - 'processing': in the order the steps were read, output[i] = the time-aligned output[T-1-i]
 *   over the whole time axis (Keras `go_backwards=True` with `return_sequences=True`:
 *   keras/src/layers/rnn/rnn.py and Keras 2's recurrent.py return the backend rnn's outputs
 *   unflipped). Padding is unaffected: which steps are real still follows the input (Keras passes
 *   the unreversed mask on).
 */
export type SequenceOrder = 'time' | 'processing';

/** How a bidirectional layer joins its two directions (Keras `merge_mode`). */
export type MergeMode = 'concat' | 'sum' | 'ave' | 'mul';

/**
 * Token ids, int32 [batch, time] (int64 accepted at run time). The first layer must be an
 * `embedding`, whose `inputDim` bounds the ids: an id outside [0, inputDim) is INVALID_INPUT.
 */
export interface TokenInputSpec {
  name: string;
  type: 'tokens';
  /** Fixed number of time steps; omitted (default) means any length >= 1. */
  timeSteps?: number;
}

/** Float features, float32 [batch, time, size]. */
export interface FeatureInputSpec {
  name: string;
  type: 'features';
  size: number;
  /** Fixed number of time steps; omitted (default) means any length >= 1. */
  timeSteps?: number;
  /**
   * Keras `Masking(mask_value=v)`: a step is padding when EVERY feature equals `v` (compared in
   * float32, as Keras compares float32 inputs), anywhere in the sequence. A masked step leaves
   * every recurrent layer's state unchanged; sequence outputs there are what the layer's
   * `paddedOutputs` says. Omitted (default): no masking. keras/src/layers/core/masking.py
   * (`any(not_equal(inputs, mask_value), axis=-1)`), the same in tf.keras 2 and Keras 1/2.
   */
  maskValue?: number;
}

export type InputSpec = TokenInputSpec | FeatureInputSpec;

export interface EmbeddingLayer {
  type: 'embedding';
  name: string;
  /** Vocabulary size: valid ids are 0 .. inputDim-1. */
  inputDim: number;
  outputDim: number;
  /**
   * Keras `mask_zero` (default false): id 0 is padding. A masked step leaves every recurrent
   * layer's state unchanged; sequence outputs there are what the layer's `paddedOutputs` says.
   */
  maskZero?: boolean;
}

/**
 * The backward direction's activations of a bidirectional layer. `recurrentActivation` only on
 * lstm and gru layers. An omitted field means "the same as the forward direction".
 */
export interface BackwardActivations {
  activation?: Activation;
  recurrentActivation?: Activation;
}

interface RecurrentLayerBase {
  name: string;
  units: number;
  /** Default 'forward'. 'reverse' reads the sequence from its end; outputs stay time-aligned (ONNX). */
  direction?: Direction;
  /** Bidirectional only; default 'concat' (Keras's default), forward half first. */
  mergeMode?: MergeMode;
  /** Default false: output only the last step's hidden state [batch, units*]. True: [batch, time, units*]. */
  returnSequences?: boolean;
  /** Default true. False means no `bias` and no `recurrentBias` tensors. */
  useBias?: boolean;
  /**
   * Default false: one bias per gate (Keras). True adds a second bias on the recurrent product
   * (PyTorch `bias_hh`, ONNX `Rb`); for a GRU with resetAfter it sits inside the reset product.
   */
  recurrentBias?: boolean;
  /** Main activation (ONNX `f` for RNN, `g` and `h` for LSTM, `g` for GRU); default 'tanh'. */
  activation?: Activation;
  /**
   * Bidirectional only: the backward direction's own activations (ONNX lists one set per
   * direction, [forward..., backward...]; Keras `Bidirectional(backward_layer=...)`). Omitted
   * (default), or a sub-field omitted: the backward direction uses the layer's own value of that
   * field (`activation` / `recurrentActivation`, themselves defaulted as usual).
   */
  backward?: BackwardActivations;
  /**
   * The sequence output at padded steps (see PaddedOutputs). Required on a layer with
   * returnSequences when the model can pad (sequenceLengths, maskZero or maskValue); the frameworks
   * disagree, so there is no default. Elsewhere it may be given and changes nothing.
   */
  paddedOutputs?: PaddedOutputs;
  /**
   * The order of a returned sequence (see SequenceOrder). Default 'time'; 'processing' only on a
   * reverse layer with returnSequences.
   */
  sequenceOrder?: SequenceOrder;
}

export interface SimpleRnnLayer extends RecurrentLayerBase {
  type: 'simpleRnn';
}

export interface LstmLayer extends RecurrentLayerBase {
  type: 'lstm';
  /**
   * Gate activation (ONNX `f`); default 'sigmoid' (tf.keras in TF2, Keras 3, PyTorch, ONNX).
   * Keras 1, standalone Keras 2 and tf.js layers default to hardSigmoid.
   */
  recurrentActivation?: Activation;
  /** Default false. ONNX peephole connections P (Keras and PyTorch have none); weight `peephole` [3*units], order i, f, o. */
  peepholes?: boolean;
}

export interface GruLayer extends RecurrentLayerBase {
  type: 'gru';
  /** Gate activation; default 'sigmoid'. */
  recurrentActivation?: Activation;
  /**
   * Required (frameworks disagree): true applies the reset gate after the recurrent product
   * (Keras `reset_after=True`, the TF2 default; PyTorch always; ONNX `linear_before_reset=1`);
   * false applies it before (Keras 1/2 default, ONNX default 0).
   */
  resetAfter: boolean;
}

export type RecurrentLayer = SimpleRnnLayer | LstmLayer | GruLayer;

export interface DenseLayer {
  type: 'dense';
  name: string;
  units: number;
  /** Default 'linear'. Applied on the last axis, to every time step of a sequence. */
  activation?: Activation;
  /** Default true. */
  useBias?: boolean;
}

/** Identity at inference; kept so imported models list the layers their source had. */
export interface DropoutLayer {
  type: 'dropout';
  name: string;
  rate: number;
}

/**
 * One position of a sequence: [batch, time, features] -> [batch, features], PyTorch
 * `out[:, index, :]`. `index` counts from 0, or from the end when negative (-1 = the last
 * position), whatever padding is there. For a bidirectional layer the last position is NOT its
 * final state: the backward half there has read one step only (see returnSequences false).
 */
export interface SelectStepLayer {
  type: 'selectStep';
  name: string;
  index: number;
}

/**
 * Pooling over time: [batch, time, features] -> [batch, features].
 * - mode 'mean' or 'max', per feature;
 * - steps 'all': every position, padded ones included with the values they hold (PyTorch
 *   `out.mean(dim=1)` / `out.max(dim=1).values`; Keras 3 GlobalMaxPooling1D, which ignores the
 *   mask); 'real': real steps only (Keras GlobalAveragePooling1D with a mask, sum/count). An
 *   example without real steps gives 0. Required: the frameworks disagree.
 */
export interface PoolingLayer {
  type: 'pooling';
  name: string;
  mode: 'mean' | 'max';
  steps: 'all' | 'real';
}

/**
 * An activation on its own (Keras `Activation` after a recurrent layer, pooling, ...), applied
 * to every position, padded ones included, as Keras's Activation layer does
 * (keras/src/layers/activations/activation.py ignores the mask). `softmax` and `logSoftmax` act
 * on the last axis. The shape is unchanged.
 */
export interface ActivationLayer {
  type: 'activation';
  name: string;
  activation: Activation;
}

/**
 * Final states of recurrent layers concatenated on the feature axis: [batch, sum over `layers` of
 * directions*units], layers in the listed order, forward before backward within a layer (PyTorch
 * `torch.cat([h_n[i] for i in range(h_n.size(0))], dim=1)` = `h_n.permute(1, 0, 2).reshape(b, -1)`
 * when the list is every layer of the module in order). The value flowing in is not used (as
 * PyTorch's forward ignores `out`); it must directly follow the last recurrent layer (or dropout).
 * A final state is the state after the last real step (see Padding in docs/spec.md).
 */
export interface ConcatStatesLayer {
  type: 'concatStates';
  name: string;
  /** 'h' hidden states, 'c' cell states (lstm layers only). */
  kind: 'h' | 'c';
  /** Earlier recurrent layers, each once. */
  layers: string[];
}

export type LayerSpec =
  | EmbeddingLayer
  | RecurrentLayer
  | DenseLayer
  | DropoutLayer
  | SelectStepLayer
  | PoolingLayer
  | ActivationLayer
  | ConcatStatesLayer;
export type LayerType = LayerSpec['type'];

/**
 * Named state tensors, stacked along axis 0 over the listed recurrent layers (all with the same
 * units): shape [sum of directions, batch, units], in layer order, forward before backward.
 * One layer gives a per-layer tensor (Keras); several give PyTorch's `h0` / `h_n` layout.
 */
export interface StateTensorSpec {
  name: string;
  /** 'h' hidden state; 'c' cell state (LSTM layers only). */
  kind: 'h' | 'c';
  layers: string[];
}

export interface ModelSpec {
  format: 'rnnkit-model';
  formatVersion: 1;
  /** Free text; default none. */
  name?: string;
  input: InputSpec;
  /**
   * Optional int32 [batch] input of per-example lengths (ONNX `sequence_lens`, PyTorch packed
   * sequences): steps t >= length are padding. Padding leaves the state unchanged; sequence
   * outputs there are what each layer's `paddedOutputs` says. Lengths must be in [1, time].
   */
  sequenceLengths?: { name: string };
  /** Applied in order. At least one recurrent layer. */
  layers: LayerSpec[];
  /** The name of the model's main output (the last layer's output). */
  output: { name: string };
  /** Default none: initial states are zero unless given here or through `run(…, { state })`. */
  stateInputs?: StateTensorSpec[];
  /** Default none: final states as named outputs (they are always in `run(…).state`). */
  stateOutputs?: StateTensorSpec[];
}

export const SPEC_FORMAT = 'rnnkit-model';
export const SPEC_FORMAT_VERSION = 1;
