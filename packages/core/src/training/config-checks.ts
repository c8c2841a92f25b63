/**
 * Building blocks for the training-config validator. Every failure is an INVALID_CONFIG error
 * whose message starts with the JSON path (`$.optimizer.beta1`) and says what was expected and
 * found, as the spec validator does for INVALID_SPEC (validate/checks.ts).
 */
import { RnnkitError } from '../errors.js';
import { describeValue, fieldPath, isObject, type JsonObject } from '../validate/checks.js';

export { fieldPath, isObject, type JsonObject };

export function configFail(path: string, message: string): never {
  throw new RnnkitError('INVALID_CONFIG', `${path}: ${message}`, { path });
}

export function configExpected(path: string, what: string, value: unknown): never {
  configFail(path, `expected ${what}, found ${describeValue(value)}`);
}

export function configObject(value: unknown, path: string, what: string): JsonObject {
  if (!isObject(value)) configExpected(path, what, value);
  return value;
}

export function knownFields(
  object: JsonObject,
  path: string,
  allowed: readonly string[],
  what: string,
): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) {
      configFail(
        fieldPath(path, key),
        `unknown field '${key}' on ${what} (allowed: ${allowed.join(', ')})`,
      );
    }
  }
}

export function choice<T extends string>(value: unknown, choices: readonly T[], path: string): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    configExpected(path, `one of ${choices.map((c) => `'${c}'`).join(', ')}`, value);
  }
  return value as T;
}

/** A finite number satisfying `ok`; `what` names the range in the message. */
export function numberIn(
  object: JsonObject,
  key: string,
  path: string,
  what: string,
  ok: (value: number) => boolean,
  required: boolean,
): void {
  const value = object[key];
  if (value === undefined && !required) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
    configExpected(fieldPath(path, key), what, value);
  }
}

export function positiveIntegerField(
  object: JsonObject,
  key: string,
  path: string,
  required: boolean,
): void {
  numberIn(
    object,
    key,
    path,
    'a positive integer',
    (v) => Number.isSafeInteger(v) && v > 0,
    required,
  );
}

export function booleanField(object: JsonObject, key: string, path: string): void {
  const value = object[key];
  if (value !== undefined && typeof value !== 'boolean') {
    configExpected(fieldPath(path, key), 'true or false', value);
  }
}
