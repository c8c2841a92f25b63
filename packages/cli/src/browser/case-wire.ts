/**
 * Cases cross from Node into the page as JSON: typed arrays travel as base64 of their bytes
 * (little-endian on both sides), weights as [name, shape, data] triples.
 */
import type { NamedTensors, RecurrentState, Tensor, Weights } from '@rnnkit/core';
import type { MatrixCase } from '../conformance/matrix.js';

interface WireArray {
  kind: 'Float32Array' | 'Float64Array' | 'Int32Array' | 'BigInt64Array';
  base64: string;
}

const CONSTRUCTORS = { Float32Array, Float64Array, Int32Array, BigInt64Array } as const;

function encodeArray(array: Tensor['data']): WireArray {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { kind: array.constructor.name as WireArray['kind'], base64: btoa(binary) };
}

function decodeArray(wire: WireArray): Tensor['data'] {
  const binary = atob(wire.base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const Constructor = CONSTRUCTORS[wire.kind];
  return new Constructor(bytes.buffer) as Tensor['data'];
}

/** Replaces every typed array in a JSON-able structure by its wire form, and Maps by entry lists. */
export function toWire(value: unknown): unknown {
  if (ArrayBuffer.isView(value)) return { __typed: encodeArray(value as Tensor['data']) };
  if (value instanceof Map) return { __map: [...value.entries()].map(([k, v]) => [k, toWire(v)]) };
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWire(v)]));
  }
  return value;
}

export function fromWire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromWire);
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if ('__typed' in record) return decodeArray(record.__typed as WireArray);
    if ('__map' in record) {
      return new Map((record.__map as [string, unknown][]).map(([k, v]) => [k, fromWire(v)]));
    }
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fromWire(v)]));
  }
  return value;
}

export const casesToWire = (cases: readonly MatrixCase[]): string => JSON.stringify(toWire(cases));
export const casesFromWire = (text: string): MatrixCase[] =>
  fromWire(JSON.parse(text)) as MatrixCase[];

// Re-exported for the page entry's type annotations.
export type { NamedTensors, RecurrentState, Weights };
