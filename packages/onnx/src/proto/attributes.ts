/** Reading and writing node attributes by name, with the type checked. */

import {
  OnnxAttributeType as A,
  type OnnxAttribute,
  type OnnxNode,
  type OnnxTensor,
} from './types.js';
import { formatError } from './wire-reader.js';

const utf8Decoder = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();

export function findAttribute(node: OnnxNode, name: string): OnnxAttribute | undefined {
  return node.attribute.find((a) => a.name === name);
}

function typed(
  node: OnnxNode,
  name: string,
  type: number,
  label: string,
): OnnxAttribute | undefined {
  const attribute = findAttribute(node, name);
  if (attribute === undefined) return undefined;
  // IR < 2 had no type field; accept an untyped attribute whose value field is present.
  if (attribute.type !== type && attribute.type !== A.UNDEFINED) {
    throw formatError(
      `node '${node.name}' (${node.opType}): attribute '${name}' has type ${attribute.type}, expected ${label}`,
      node.name,
    );
  }
  return attribute;
}

export function attributeInt(node: OnnxNode, name: string): number | undefined {
  return typed(node, name, A.INT, 'INT')?.i ?? undefined;
}

export function attributeFloat(node: OnnxNode, name: string): number | undefined {
  return typed(node, name, A.FLOAT, 'FLOAT')?.f ?? undefined;
}

export function attributeString(node: OnnxNode, name: string): string | undefined {
  const s = typed(node, name, A.STRING, 'STRING')?.s;
  return s === undefined ? undefined : utf8Decoder.decode(s);
}

export function attributeInts(node: OnnxNode, name: string): number[] | undefined {
  const a = typed(node, name, A.INTS, 'INTS');
  return a === undefined ? undefined : (a.ints ?? []);
}

export function attributeFloats(node: OnnxNode, name: string): number[] | undefined {
  const a = typed(node, name, A.FLOATS, 'FLOATS');
  return a === undefined ? undefined : (a.floats ?? []);
}

export function attributeStrings(node: OnnxNode, name: string): string[] | undefined {
  const a = typed(node, name, A.STRINGS, 'STRINGS');
  return a === undefined ? undefined : (a.strings ?? []).map((s) => utf8Decoder.decode(s));
}

export function attributeTensor(node: OnnxNode, name: string): OnnxTensor | undefined {
  return typed(node, name, A.TENSOR, 'TENSOR')?.t;
}

export const makeAttribute = {
  int: (name: string, i: number): OnnxAttribute => ({ name, type: A.INT, i }),
  float: (name: string, f: number): OnnxAttribute => ({ name, type: A.FLOAT, f }),
  string: (name: string, s: string): OnnxAttribute => ({
    name,
    type: A.STRING,
    s: utf8Encoder.encode(s),
  }),
  ints: (name: string, ints: number[]): OnnxAttribute => ({ name, type: A.INTS, ints }),
  floats: (name: string, floats: number[]): OnnxAttribute => ({ name, type: A.FLOATS, floats }),
  strings: (name: string, strings: string[]): OnnxAttribute => ({
    name,
    type: A.STRINGS,
    strings: strings.map((s) => utf8Encoder.encode(s)),
  }),
  tensor: (name: string, t: OnnxTensor): OnnxAttribute => ({ name, type: A.TENSOR, t }),
};
