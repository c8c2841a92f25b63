/**
 * Keras `Bidirectional(layer, backward_layer=...)`: what the backward layer may change.
 *
 * Keras 3 (keras/src/layers/rnn/bidirectional.py `_verify_layer_config`) and tf.keras 2
 * (tensorflow/python/keras/layers/wrappers.py, the same check) require only that the two layers'
 * `go_backwards` differ and their `stateful`, `return_sequences` and `return_state` match; any
 * other setting may differ (Keras's own docstring example gives the backward LSTM
 * `activation='relu'`). The spec gives both directions one configuration except for the
 * activations (`backward`), so a backward layer that differs only in `activation` /
 * `recurrent_activation` imports with them, and any other difference is refused by name.
 */
import {
  type Activation,
  type BackwardActivations,
  type RecurrentLayer,
  sameActivation,
} from '@rnnkit/core';
import { unsupportedLayer } from '../errors.js';

/** The spec fields of a backward layer that may differ from its forward layer's. */
const ACTIVATION_FIELDS = ['activation', 'recurrentActivation'] as const;

/** Spec field -> the Keras config key, for messages. */
const KERAS_KEYS: Record<string, string> = {
  units: 'units',
  useBias: 'use_bias',
  recurrentBias: 'use_bias / reset_after',
  resetAfter: 'reset_after',
  returnSequences: 'return_sequences',
  type: 'class',
};

/**
 * The backward layer's activations where they differ from the forward layer's, or undefined when
 * the two compute alike. Throws UNSUPPORTED_FEATURE naming any other setting that differs.
 */
export function backwardLayerActivations(
  name: string,
  forward: RecurrentLayer,
  backward: RecurrentLayer,
): BackwardActivations | undefined {
  const fields = new Set([...Object.keys(forward), ...Object.keys(backward)]);
  const differing: string[] = [];
  for (const field of fields) {
    if (field === 'name' || (ACTIVATION_FIELDS as readonly string[]).includes(field)) continue;
    const a = (forward as unknown as Record<string, unknown>)[field];
    const b = (backward as unknown as Record<string, unknown>)[field];
    if (JSON.stringify(a) !== JSON.stringify(b)) differing.push(KERAS_KEYS[field] ?? field);
  }
  if (differing.length > 0) {
    throw unsupportedLayer(
      'Bidirectional',
      name,
      `its backward layer differs from its forward layer in ${differing.join(', ')}; rnnkit gives both directions one configuration except their activations`,
    );
  }
  const result: BackwardActivations = {};
  for (const field of ACTIVATION_FIELDS) {
    const a = forward[field as keyof RecurrentLayer] as Activation | undefined;
    const b = backward[field as keyof RecurrentLayer] as Activation | undefined;
    if (a !== undefined && b !== undefined && !sameActivation(a, b)) result[field] = b;
  }
  return Object.keys(result).length > 0 ? result : undefined;
}
