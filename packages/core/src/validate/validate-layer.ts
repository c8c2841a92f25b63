/** Field checks of one layer; how layers fit together is checked in validate-spec.ts. */
import {
  checkKnownFields,
  checkNotReserved,
  expected,
  expectObject,
  fail,
  fieldPath,
  type JsonObject,
  oneOf,
  optionalBoolean,
  requiredBoolean,
  requiredPositiveInteger,
} from './checks.js';
import { validateActivation } from './validate-activation.js';
import { validateConcatStatesFields } from './validate-concat-states.js';

export const LAYER_TYPES = [
  'embedding',
  'simpleRnn',
  'lstm',
  'gru',
  'dense',
  'dropout',
  'selectStep',
  'pooling',
  'activation',
  'concatStates',
] as const;
export type KnownLayerType = (typeof LAYER_TYPES)[number];

/** No '/': it separates the parts of canonical weight names (`lstm_1/forward/kernel`). */
export const LAYER_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

const RECURRENT_COMMON = [
  'type',
  'name',
  'units',
  'direction',
  'mergeMode',
  'returnSequences',
  'useBias',
  'recurrentBias',
  'activation',
  'backward',
  'paddedOutputs',
  'sequenceOrder',
] as const;

const ALLOWED_FIELDS: Record<KnownLayerType, readonly string[]> = {
  embedding: ['type', 'name', 'inputDim', 'outputDim', 'maskZero'],
  simpleRnn: RECURRENT_COMMON,
  lstm: [...RECURRENT_COMMON, 'recurrentActivation', 'peepholes'],
  gru: [...RECURRENT_COMMON, 'recurrentActivation', 'resetAfter'],
  dense: ['type', 'name', 'units', 'activation', 'useBias'],
  dropout: ['type', 'name', 'rate'],
  selectStep: ['type', 'name', 'index'],
  pooling: ['type', 'name', 'mode', 'steps'],
  activation: ['type', 'name', 'activation'],
  concatStates: ['type', 'name', 'kind', 'layers'],
};

/**
 * Fields that exist on some layer types only get a message saying where they belong, rather
 * than a bare "unknown field", because putting them on the wrong layer is the likely mistake.
 */
const FIELD_HOMES: Record<string, string> = {
  peepholes: 'lstm layers',
  resetAfter: 'gru layers',
  recurrentActivation: 'lstm and gru layers',
  maskZero: 'embedding layers',
};

export function isRecurrentType(type: string): boolean {
  return type === 'simpleRnn' || type === 'lstm' || type === 'gru';
}

/** Checks one layer's own fields and returns its type. */
export function validateLayer(
  value: unknown,
  path: string,
): { type: KnownLayerType; layer: JsonObject } {
  const layer = expectObject(value, path, 'a layer object');
  const type = layer.type;
  if (typeof type !== 'string' || !(LAYER_TYPES as readonly string[]).includes(type)) {
    expected(
      fieldPath(path, 'type'),
      `a layer type (${LAYER_TYPES.map((t) => `'${t}'`).join(', ')})`,
      type,
    );
  }
  const known = type as KnownLayerType;
  for (const key of Object.keys(layer)) {
    if (!ALLOWED_FIELDS[known].includes(key) && Object.hasOwn(FIELD_HOMES, key)) {
      fail(
        fieldPath(path, key),
        `'${key}' is only valid on ${FIELD_HOMES[key]}, not on a ${known} layer`,
      );
    }
  }
  checkKnownFields(layer, path, ALLOWED_FIELDS[known], `a ${known} layer`);

  const name = layer.name;
  if (typeof name !== 'string' || !LAYER_NAME_PATTERN.test(name)) {
    expected(
      fieldPath(path, 'name'),
      "a layer name matching /^[A-Za-z_][A-Za-z0-9_.-]*$/ (no '/', which separates weight names)",
      name,
    );
  }
  checkNotReserved(name, fieldPath(path, 'name'));

  switch (known) {
    case 'embedding':
      requiredPositiveInteger(layer, 'inputDim', path);
      requiredPositiveInteger(layer, 'outputDim', path);
      optionalBoolean(layer, 'maskZero', path);
      break;
    case 'dense':
      requiredPositiveInteger(layer, 'units', path);
      if (layer.activation !== undefined) {
        validateActivation(layer.activation, fieldPath(path, 'activation'), true);
      }
      optionalBoolean(layer, 'useBias', path);
      break;
    case 'dropout': {
      const rate = layer.rate;
      if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) {
        expected(fieldPath(path, 'rate'), 'a number in [0, 1)', rate);
      }
      break;
    }
    case 'selectStep': {
      const index = layer.index;
      if (typeof index !== 'number' || !Number.isSafeInteger(index)) {
        expected(fieldPath(path, 'index'), 'an integer step (negative counts from the end)', index);
      }
      break;
    }
    case 'activation':
      // Required: an activation layer without one would be an unexplained identity.
      if (layer.activation === undefined) {
        fail(fieldPath(path, 'activation'), 'expected an activation, found nothing');
      }
      validateActivation(layer.activation, fieldPath(path, 'activation'), true);
      break;
    case 'pooling':
      if (layer.mode === undefined) {
        fail(fieldPath(path, 'mode'), "expected 'mean' or 'max', found nothing");
      }
      oneOf(layer.mode, ['mean', 'max'], fieldPath(path, 'mode'));
      if (layer.steps === undefined) {
        fail(
          fieldPath(path, 'steps'),
          "expected 'all' or 'real', found nothing: pooling must say whether padded steps count ('all': PyTorch out.mean(dim=1) / out.max(dim=1), Keras GlobalMaxPooling1D; 'real': Keras GlobalAveragePooling1D with a mask)",
        );
      }
      oneOf(layer.steps, ['all', 'real'], fieldPath(path, 'steps'));
      break;
    case 'concatStates':
      validateConcatStatesFields(layer, path);
      break;
    default:
      validateRecurrentFields(layer, known, path);
  }
  return { type: known, layer };
}

function validateRecurrentFields(layer: JsonObject, type: KnownLayerType, path: string): void {
  requiredPositiveInteger(layer, 'units', path);
  const direction =
    layer.direction === undefined
      ? 'forward'
      : oneOf(
          layer.direction,
          ['forward', 'reverse', 'bidirectional'],
          fieldPath(path, 'direction'),
        );
  if (layer.mergeMode !== undefined) {
    if (direction !== 'bidirectional') {
      fail(
        fieldPath(path, 'mergeMode'),
        `mergeMode is only valid with direction 'bidirectional', found direction '${direction}'`,
      );
    }
    oneOf(layer.mergeMode, ['concat', 'sum', 'ave', 'mul'], fieldPath(path, 'mergeMode'));
  }
  optionalBoolean(layer, 'returnSequences', path);
  optionalBoolean(layer, 'useBias', path);
  optionalBoolean(layer, 'recurrentBias', path);
  if (layer.recurrentBias === true && layer.useBias === false) {
    // Contradictory: resolve.ts would silently drop the recurrent bias; refuse instead.
    fail(
      fieldPath(path, 'recurrentBias'),
      'recurrentBias true needs useBias true (or omitted), found useBias false',
    );
  }
  if (layer.activation !== undefined) {
    validateActivation(layer.activation, fieldPath(path, 'activation'), false);
  }
  if (layer.paddedOutputs !== undefined) {
    oneOf(layer.paddedOutputs, ['zero', 'previous'], fieldPath(path, 'paddedOutputs'));
  }
  validateSequenceOrder(layer, direction, path);
  validateBackwardActivations(layer, type, direction, path);
  if (type === 'lstm' || type === 'gru') {
    if (layer.recurrentActivation !== undefined) {
      validateActivation(layer.recurrentActivation, fieldPath(path, 'recurrentActivation'), false);
    }
  }
  if (type === 'lstm') optionalBoolean(layer, 'peepholes', path);
  if (type === 'gru') {
    if (layer.resetAfter === undefined) {
      fail(
        fieldPath(path, 'resetAfter'),
        'expected true or false, found nothing: gru layers must say where the reset gate goes (true = Keras reset_after=True / PyTorch / ONNX linear_before_reset=1; false = Keras 1/2 / ONNX default)',
      );
    }
    requiredBoolean(layer, 'resetAfter', path);
  }
}

/**
 * `sequenceOrder: 'processing'` (Keras go_backwards with return_sequences) means something only
 * for a reverse layer that returns its sequence; anywhere else it is refused rather than ignored.
 */
function validateSequenceOrder(layer: JsonObject, direction: string, path: string): void {
  if (layer.sequenceOrder === undefined) return;
  const order = oneOf(
    layer.sequenceOrder,
    ['time', 'processing'],
    fieldPath(path, 'sequenceOrder'),
  );
  if (order === 'processing' && (direction !== 'reverse' || layer.returnSequences !== true)) {
    fail(
      fieldPath(path, 'sequenceOrder'),
      `'processing' needs direction 'reverse' and returnSequences true (Keras go_backwards with return_sequences), found direction '${direction}' and returnSequences ${layer.returnSequences === true}`,
    );
  }
}

/**
 * `backward` (the backward direction's own activations) exists only on a bidirectional layer;
 * anywhere else there is no backward direction for it to describe, so it is refused, not ignored.
 */
function validateBackwardActivations(
  layer: JsonObject,
  type: KnownLayerType,
  direction: string,
  path: string,
): void {
  if (layer.backward === undefined) return;
  const backwardPath = fieldPath(path, 'backward');
  if (direction !== 'bidirectional') {
    fail(
      backwardPath,
      `backward activations are only valid with direction 'bidirectional', found direction '${direction}'`,
    );
  }
  const gated = type === 'lstm' || type === 'gru';
  const backward = expectObject(layer.backward, backwardPath, 'an object of activations');
  if (!gated && Object.hasOwn(backward, 'recurrentActivation')) {
    fail(
      fieldPath(backwardPath, 'recurrentActivation'),
      `'recurrentActivation' is only valid on lstm and gru layers, not on a ${type} layer`,
    );
  }
  checkKnownFields(
    backward,
    backwardPath,
    gated ? ['activation', 'recurrentActivation'] : ['activation'],
    `the backward activations of a ${type} layer`,
  );
  if (backward.activation !== undefined) {
    validateActivation(backward.activation, fieldPath(backwardPath, 'activation'), false);
  }
  if (backward.recurrentActivation !== undefined) {
    validateActivation(
      backward.recurrentActivation,
      fieldPath(backwardPath, 'recurrentActivation'),
      false,
    );
  }
}
