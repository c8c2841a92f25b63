/**
 * Names that would reach an object's prototype chain if used as a key of a plain object: every
 * own property of `Object.prototype` (as ECMAScript 2022 defines it, listed here rather than read
 * at run time so every engine refuses the same names) plus `prototype`. A layer named
 * `__proto__` once set `Object.prototype.h` through a state object keyed by layer name, and an
 * activation named `toString` was found "in" a lookup table. rnnkit keys its own tables safely
 * (Maps, null-prototype objects, `Object.hasOwn`), and refuses these names besides, because user
 * code will index the objects rnnkit returns (`result.state[name]`, `outputs[name]`).
 */
export const RESERVED_NAMES: readonly string[] = [
  '__proto__',
  'constructor',
  'prototype',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'toString',
  'valueOf',
];

const reserved = new Set(RESERVED_NAMES);

/** True for a name that must not be used as a layer, tensor or input/output name. */
export function isReservedName(name: string): boolean {
  return reserved.has(name);
}
