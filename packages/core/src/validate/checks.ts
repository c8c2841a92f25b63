/**
 * Small building blocks for the spec validator. Every failure is an INVALID_SPEC error whose
 * message starts with the JSON path and says what was expected and what was found, so a user
 * editing a spec by hand can fix it without reading rnnkit's source.
 */
import { RnnkitError } from '../errors.js';
import { isReservedName } from '../names/reserved-names.js';

export type JsonObject = Record<string, unknown>;

/** A short, readable rendering of a JSON value for "found …" in messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    const text = JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 57)}…"` : text;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value;
}

export function specError(path: string, message: string): RnnkitError {
  return new RnnkitError('INVALID_SPEC', `${path}: ${message}`, { path });
}

export function fail(path: string, message: string): never {
  throw specError(path, message);
}

export function expected(path: string, what: string, value: unknown): never {
  fail(path, `expected ${what}, found ${describeValue(value)}`);
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function expectObject(value: unknown, path: string, what = 'an object'): JsonObject {
  if (!isObject(value)) expected(path, what, value);
  return value;
}

export function fieldPath(path: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)
    ? `${path}.${key}`
    : `${path}[${JSON.stringify(key)}]`;
}

/** Unknown fields are errors: a misspelt optional field would otherwise be silently ignored. */
export function checkKnownFields(
  object: JsonObject,
  path: string,
  allowed: readonly string[],
  what: string,
): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) {
      fail(
        fieldPath(path, key),
        `unknown field '${key}' on ${what} (allowed: ${allowed.join(', ')})`,
      );
    }
  }
}

export function requiredString(object: JsonObject, key: string, path: string): string {
  const value = object[key];
  if (typeof value !== 'string' || value.length === 0) {
    expected(fieldPath(path, key), 'a non-empty string', value);
  }
  return value;
}

/**
 * A layer, tensor or input/output name: non-empty, and not a name that reaches an object's
 * prototype (`__proto__`, `constructor`, `toString`, ...; see names/reserved-names.ts).
 */
export function requiredName(object: JsonObject, key: string, path: string): string {
  const value = requiredString(object, key, path);
  checkNotReserved(value, fieldPath(path, key));
  return value;
}

export function checkNotReserved(name: string, path: string): void {
  if (isReservedName(name)) {
    fail(
      path,
      `the name '${name}' is reserved (it is a built-in property of JavaScript objects); rename it`,
    );
  }
}

export function optionalString(object: JsonObject, key: string, path: string): void {
  const value = object[key];
  if (value !== undefined && typeof value !== 'string')
    expected(fieldPath(path, key), 'a string', value);
}

export function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

export function requiredPositiveInteger(object: JsonObject, key: string, path: string): number {
  const value = object[key];
  if (!isPositiveInteger(value)) expected(fieldPath(path, key), 'a positive integer', value);
  return value;
}

export function optionalPositiveInteger(object: JsonObject, key: string, path: string): void {
  if (object[key] !== undefined) requiredPositiveInteger(object, key, path);
}

export function optionalBoolean(object: JsonObject, key: string, path: string): void {
  const value = object[key];
  if (value !== undefined && typeof value !== 'boolean') {
    expected(fieldPath(path, key), 'true or false', value);
  }
}

export function requiredBoolean(object: JsonObject, key: string, path: string): boolean {
  const value = object[key];
  if (typeof value !== 'boolean') expected(fieldPath(path, key), 'true or false', value);
  return value;
}

export function oneOf<T extends string>(value: unknown, choices: readonly T[], path: string): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    expected(path, `one of ${choices.map((c) => `'${c}'`).join(', ')}`, value);
  }
  return value as T;
}
