/**
 * Activations are either a plain name ("tanh") or an object carrying every parameter
 * ({ "name": "hardSigmoid", "alpha": 0.2, "beta": 0.5 }). Parameterised activations have no
 * defaults because the frameworks disagree on them (hard sigmoid's slope, leaky ReLU's alpha).
 */
import type { ParameterisedActivation, PlainActivationName } from '../spec/types.js';
import { checkKnownFields, describeValue, expected, fail, fieldPath, isObject } from './checks.js';

export const PLAIN_ACTIVATIONS: readonly PlainActivationName[] = [
  'linear',
  'relu',
  'tanh',
  'sigmoid',
  'softsign',
  'softplus',
  'softmax',
  'logSoftmax',
  'exponential',
];

/** Parameter names of each parameterised activation, all required. */
export const ACTIVATION_PARAMETERS: Readonly<
  Record<ParameterisedActivation['name'], readonly string[]>
> = {
  hardSigmoid: ['alpha', 'beta'],
  leakyRelu: ['alpha'],
  thresholdedRelu: ['alpha'],
  elu: ['alpha'],
  affine: ['alpha', 'beta'],
  scaledTanh: ['alpha', 'beta'],
};

function parameterisedExample(name: string): string {
  const params = ACTIVATION_PARAMETERS[name as ParameterisedActivation['name']];
  return `{ "name": "${name}", ${params.map((p) => `"${p}": <number>`).join(', ')} }`;
}

/**
 * @param allowSoftmax softmax normalises over the feature axis, which only makes sense on a
 * Dense output; inside a recurrent cell no framework defines it.
 */
export function validateActivation(value: unknown, path: string, allowSoftmax: boolean): void {
  if (typeof value === 'string') {
    if (Object.hasOwn(ACTIVATION_PARAMETERS, value)) {
      fail(
        path,
        `activation '${value}' needs its parameters written out: expected ${parameterisedExample(value)}, found ${describeValue(value)}`,
      );
    }
    if (!(PLAIN_ACTIVATIONS as readonly string[]).includes(value)) {
      expected(
        path,
        `an activation name (${PLAIN_ACTIVATIONS.join(', ')}) or an object for ${Object.keys(ACTIVATION_PARAMETERS).join(', ')}`,
        value,
      );
    }
    if ((value === 'softmax' || value === 'logSoftmax') && !allowSoftmax) {
      fail(path, `activation '${value}' is only allowed on dense layers`);
    }
    return;
  }
  if (!isObject(value)) expected(path, 'an activation name or an activation object', value);
  const name = value.name;
  if (typeof name === 'string' && (PLAIN_ACTIVATIONS as readonly string[]).includes(name)) {
    fail(
      fieldPath(path, 'name'),
      `activation '${name}' has no parameters: expected the plain string "${name}", found an object`,
    );
  }
  if (typeof name !== 'string' || !Object.hasOwn(ACTIVATION_PARAMETERS, name)) {
    expected(
      fieldPath(path, 'name'),
      `one of ${Object.keys(ACTIVATION_PARAMETERS).join(', ')}`,
      name,
    );
  }
  const params = ACTIVATION_PARAMETERS[name as ParameterisedActivation['name']];
  checkKnownFields(value, path, ['name', ...params], `a ${name} activation`);
  for (const param of params) {
    const number = value[param];
    if (typeof number !== 'number' || !Number.isFinite(number)) {
      expected(
        fieldPath(path, param),
        `a finite number (${name} needs ${params.join(' and ')})`,
        number,
      );
    }
  }
}
