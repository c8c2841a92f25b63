/**
 * The spec validator: turns untrusted JSON into a `ModelSpec` or throws INVALID_SPEC naming the
 * JSON path (`$.layers[2].units`) and what was expected and found. Everything downstream
 * (resolve.ts, expectedWeights, every backend) may then assume a well-formed spec.
 */
import { RnnkitError } from '../errors.js';
import { jsonTooDeep, MAX_JSON_DEPTH } from '../json/json-depth.js';
import { type ModelSpec, SPEC_FORMAT, SPEC_FORMAT_VERSION } from '../spec/types.js';
import {
  checkKnownFields,
  expected,
  expectObject,
  fail,
  fieldPath,
  type JsonObject,
  oneOf,
  optionalPositiveInteger,
  optionalString,
  requiredName,
  requiredPositiveInteger,
} from './checks.js';
import { checkConcatStates } from './validate-concat-states.js';
import { isRecurrentType, validateLayer } from './validate-layer.js';

const TOP_FIELDS = [
  'format',
  'formatVersion',
  'name',
  'input',
  'sequenceLengths',
  'layers',
  'output',
  'stateInputs',
  'stateOutputs',
];

interface LayerInfo {
  type: string;
  units?: number;
}

/** Validates parsed JSON as a format-version-1 model spec and returns it typed. */
export function validateSpec(json: unknown): ModelSpec {
  if (jsonTooDeep(json)) fail('$', `the spec nests deeper than ${MAX_JSON_DEPTH} levels`);
  const spec = expectObject(json, '$', 'a model spec object');
  if (spec.format !== SPEC_FORMAT) expected('$.format', `"${SPEC_FORMAT}"`, spec.format);
  if (spec.formatVersion !== SPEC_FORMAT_VERSION) {
    if (typeof spec.formatVersion === 'number') {
      fail(
        '$.formatVersion',
        `formatVersion ${spec.formatVersion} is not supported; this version of rnnkit reads formatVersion ${SPEC_FORMAT_VERSION}`,
      );
    }
    expected('$.formatVersion', String(SPEC_FORMAT_VERSION), spec.formatVersion);
  }
  checkKnownFields(spec, '$', TOP_FIELDS, 'a model spec');
  optionalString(spec, 'name', '$');

  const inputType = validateInput(spec.input);
  const layers = validateLayers(spec.layers, inputType);
  requirePaddedOutputs(spec);
  checkFixedStepIndices(spec);
  checkConcatStates(spec.layers as JsonObject[]);

  const tensorNames = new Map<string, string>();
  const claim = (name: string, path: string) => {
    const previous = tensorNames.get(name);
    if (previous !== undefined) {
      fail(
        path,
        `tensor name '${name}' is already used by ${previous}; input and output names must be unique`,
      );
    }
    tensorNames.set(name, path);
  };
  claim((spec.input as JsonObject).name as string, '$.input.name');

  if (spec.sequenceLengths !== undefined) {
    const lengths = expectObject(
      spec.sequenceLengths,
      '$.sequenceLengths',
      'an object { "name": … }',
    );
    checkKnownFields(lengths, '$.sequenceLengths', ['name'], 'sequenceLengths');
    claim(requiredName(lengths, 'name', '$.sequenceLengths'), '$.sequenceLengths.name');
  }
  validateStateTensors(spec.stateInputs, '$.stateInputs', layers, claim, true);

  const output = expectObject(spec.output, '$.output', 'an object { "name": … }');
  checkKnownFields(output, '$.output', ['name'], 'output');
  claim(requiredName(output, 'name', '$.output'), '$.output.name');
  validateStateTensors(spec.stateOutputs, '$.stateOutputs', layers, claim, false);

  return json as ModelSpec;
}

function validateInput(value: unknown): 'tokens' | 'features' {
  const input = expectObject(value, '$.input', 'an input object');
  const type = oneOf(input.type, ['tokens', 'features'], '$.input.type');
  checkKnownFields(
    input,
    '$.input',
    type === 'tokens'
      ? ['name', 'type', 'timeSteps']
      : ['name', 'type', 'size', 'timeSteps', 'maskValue'],
    `a ${type} input`,
  );
  requiredName(input, 'name', '$.input');
  if (type === 'features') requiredPositiveInteger(input, 'size', '$.input');
  optionalPositiveInteger(input, 'timeSteps', '$.input');
  const maskValue = input.maskValue;
  // Compared with float32 inputs, so it must stay finite in float32 (Keras casts it the same way).
  if (
    maskValue !== undefined &&
    !(typeof maskValue === 'number' && Number.isFinite(Math.fround(maskValue)))
  ) {
    expected('$.input.maskValue', 'a finite number (finite in float32)', maskValue);
  }
  return type;
}

function validateLayers(value: unknown, inputType: 'tokens' | 'features'): Map<string, LayerInfo> {
  if (!Array.isArray(value)) expected('$.layers', 'an array of layers', value);
  const byName = new Map<string, LayerInfo>();
  // Whether the values flowing into the next layer still have a time axis.
  let sequence = true;
  let recurrentCount = 0;
  value.forEach((item, index) => {
    const path = `$.layers[${index}]`;
    const { type, layer } = validateLayer(item, path);
    const name = layer.name as string;
    if (byName.has(name))
      fail(
        `${path}.name`,
        `layer name '${name}' is used by an earlier layer; names must be unique`,
      );
    byName.set(name, { type, units: layer.units as number | undefined });

    if (type === 'embedding') {
      if (inputType === 'features') {
        fail(
          `${path}.type`,
          "an embedding layer needs input.type 'tokens', found input.type 'features'",
        );
      }
      if (index !== 0)
        fail(
          `${path}.type`,
          `an embedding layer must be the first layer, found it at index ${index}`,
        );
    } else if (index === 0 && inputType === 'tokens') {
      fail(
        `${path}.type`,
        `expected 'embedding' as the first layer because input.type is 'tokens', found '${type}'`,
      );
    }
    // concatStates replaces whatever flows in (it reads final states), so it may follow either.
    if (type === 'concatStates') sequence = false;
    if (type === 'selectStep' || type === 'pooling') {
      if (!sequence) {
        fail(
          `${path}.type`,
          `a ${type} layer reduces the time axis, but an earlier layer already dropped it`,
        );
      }
      sequence = false;
    }
    if (isRecurrentType(type)) {
      if (!sequence) {
        fail(
          `${path}.type`,
          `a ${type} layer needs a sequence, but an earlier recurrent layer has returnSequences false and dropped the time axis`,
        );
      }
      recurrentCount++;
      sequence = layer.returnSequences === true;
    }
  });
  if (value.length === 0 || recurrentCount === 0) {
    fail('$.layers', 'expected at least one recurrent layer (simpleRnn, lstm or gru), found none');
  }
  return byName;
}

/**
 * A layer that returns a sequence in a model that can pad must say what its padded steps hold:
 * ONNX Runtime and PyTorch write zeros, Keras's plain masked layers repeat the previous output.
 */
function requirePaddedOutputs(spec: JsonObject): void {
  const layers = spec.layers as JsonObject[];
  const first = layers[0];
  const canPad =
    spec.sequenceLengths !== undefined ||
    (first.type === 'embedding' && first.maskZero === true) ||
    (spec.input as JsonObject).maskValue !== undefined;
  if (!canPad) return;
  layers.forEach((layer, index) => {
    if (isRecurrentType(layer.type as string) && layer.returnSequences === true) {
      if (layer.paddedOutputs === undefined) {
        fail(
          `$.layers[${index}].paddedOutputs`,
          "expected 'zero' or 'previous', found nothing: this layer returns a sequence and the model can pad (sequenceLengths, maskZero or maskValue), so it must say what padded steps hold ('zero': ONNX Runtime, PyTorch pad_packed_sequence, Keras Bidirectional; 'previous': Keras's plain masked layers)",
        );
      }
    }
  });
}

/** With a fixed number of steps, a selectStep index that names no step is a spec error. */
function checkFixedStepIndices(spec: JsonObject): void {
  const time = (spec.input as JsonObject).timeSteps;
  if (typeof time !== 'number') return;
  (spec.layers as JsonObject[]).forEach((layer, index) => {
    const step = layer.index as number;
    if (layer.type === 'selectStep' && (step >= time || step < -time)) {
      fail(
        `$.layers[${index}].index`,
        `expected a step in [${-time}, ${time - 1}] (input.timeSteps is ${time}), found ${step}`,
      );
    }
  });
}

function validateStateTensors(
  value: unknown,
  path: string,
  layers: Map<string, LayerInfo>,
  claim: (name: string, path: string) => void,
  isInput: boolean,
): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) expected(path, 'an array of state tensors', value);
  // An initial state given twice for one layer would be ambiguous; outputs may repeat.
  const seen = new Map<string, string>();
  value.forEach((item, index) => {
    const itemPath = `${path}[${index}]`;
    const state = expectObject(item, itemPath, 'a state tensor object { name, kind, layers }');
    checkKnownFields(state, itemPath, ['name', 'kind', 'layers'], 'a state tensor');
    const name = requiredName(state, 'name', itemPath);
    const kind = oneOf(state.kind, ['h', 'c'], `${itemPath}.kind`);
    const names = state.layers;
    if (!Array.isArray(names) || names.length === 0) {
      expected(`${itemPath}.layers`, 'a non-empty array of recurrent layer names', names);
    }
    let units: number | undefined;
    const inThis = new Set<string>();
    names.forEach((layerName: unknown, layerIndex: number) => {
      const layerPath = `${itemPath}.layers[${layerIndex}]`;
      if (typeof layerName !== 'string') expected(layerPath, 'a layer name', layerName);
      const layer = layers.get(layerName);
      if (layer === undefined) fail(layerPath, `no layer named '${layerName}'`);
      if (!isRecurrentType(layer.type)) {
        fail(
          layerPath,
          `state tensors hold recurrent layers, but '${layerName}' is a ${layer.type} layer`,
        );
      }
      if (kind === 'c' && layer.type !== 'lstm') {
        fail(
          layerPath,
          `kind 'c' (cell state) needs lstm layers, but '${layerName}' is a ${layer.type} layer`,
        );
      }
      if (units !== undefined && layer.units !== units) {
        fail(
          layerPath,
          `layers stacked in one state tensor need equal units: expected ${units}, found ${layer.units} on '${layerName}'`,
        );
      }
      units = layer.units;
      if (inThis.has(layerName)) fail(layerPath, `layer '${layerName}' is listed twice`);
      inThis.add(layerName);
      if (isInput) {
        const key = `${kind}:${layerName}`;
        const previous = seen.get(key);
        if (previous !== undefined) {
          fail(
            layerPath,
            `the initial ${kind} state of '${layerName}' is already given by ${previous}`,
          );
        }
        seen.set(key, itemPath);
      }
    });
    claim(name, fieldPath(itemPath, 'name'));
  });
}

/**
 * Parses spec JSON text and validates it. Malformed JSON is INVALID_SPEC at `$` with the
 * line and column of the syntax error.
 */
export function parseSpec(text: string): ModelSpec {
  if (typeof text !== 'string') expected('$', 'spec JSON text', text);
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch (error) {
    throw new RnnkitError(
      'INVALID_SPEC',
      `$: the spec is not valid JSON: ${syntaxErrorWhere(error, source)}`,
      {
        path: '$',
        cause: error,
      },
    );
  }
  return validateSpec(json);
}

/** Node's JSON.parse messages carry "position N"; add line and column so editors can jump there. */
export function syntaxErrorWhere(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const match = /position (\d+)/.exec(message);
  if (!match) return message;
  const position = Number(match[1]);
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  const core = message.replace(/\s*\(line \d+ column \d+\)\s*$/, '');
  return `${core} (line ${line}, column ${column})`;
}
