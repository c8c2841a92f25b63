/**
 * Protobuf-aware mutations for ONNX files: the message is split into fields (recursing into
 * length-delimited fields that parse as messages, as ModelProto's graph, nodes and attributes
 * do), one field is changed (a varint set to an interesting value such as 2^31 or 2^53 + 2, a
 * field deleted or repeated, a nested message's bytes mutated), and everything is re-encoded
 * with correct lengths, so the change reaches the parser's semantics rather than its framing.
 */
import { type FuzzRandom, INTERESTING_INTEGERS } from './fuzz-random.js';
import { mutateBytes } from './mutate-bytes.js';

interface Field {
  number: number;
  wireType: number;
  /** varint as bigint; fixed32/64 and length-delimited as bytes; nested when it parses. */
  varint?: bigint;
  bytes?: Uint8Array;
  nested?: Field[];
}

function readVarint(bytes: Uint8Array, at: { pos: number }): bigint | undefined {
  let value = 0n;
  for (let shift = 0n; shift < 70n; shift += 7n) {
    if (at.pos >= bytes.length) return undefined;
    const byte = bytes[at.pos++];
    value |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return value;
  }
  return undefined;
}

function parse(bytes: Uint8Array, depth: number): Field[] | undefined {
  const fields: Field[] = [];
  const at = { pos: 0 };
  while (at.pos < bytes.length) {
    const tag = readVarint(bytes, at);
    if (tag === undefined || tag === 0n) return undefined;
    const number = Number(tag >> 3n);
    const wireType = Number(tag & 7n);
    if (wireType === 0) {
      const varint = readVarint(bytes, at);
      if (varint === undefined) return undefined;
      fields.push({ number, wireType, varint });
    } else if (wireType === 1 || wireType === 5) {
      const n = wireType === 1 ? 8 : 4;
      if (at.pos + n > bytes.length) return undefined;
      fields.push({ number, wireType, bytes: bytes.subarray(at.pos, at.pos + n) });
      at.pos += n;
    } else if (wireType === 2) {
      const length = readVarint(bytes, at);
      if (length === undefined || at.pos + Number(length) > bytes.length) return undefined;
      const body = bytes.subarray(at.pos, at.pos + Number(length));
      at.pos += Number(length);
      const nested = depth < 6 && body.length > 1 ? parse(body, depth + 1) : undefined;
      fields.push({ number, wireType, bytes: body, nested });
    } else {
      return undefined;
    }
  }
  return fields;
}

function writeVarint(out: number[], value: bigint): void {
  let v = BigInt.asUintN(64, value);
  while (v > 0x7fn) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
}

function encode(fields: Field[]): Uint8Array {
  const out: number[] = [];
  for (const field of fields) {
    writeVarint(out, BigInt(field.number * 8 + field.wireType));
    if (field.wireType === 0) writeVarint(out, field.varint ?? 0n);
    else if (field.wireType === 2) {
      const body = field.nested ? encode(field.nested) : (field.bytes ?? new Uint8Array());
      writeVarint(out, BigInt(body.length));
      for (const b of body) out.push(b);
    } else for (const b of field.bytes ?? []) out.push(b);
  }
  return Uint8Array.from(out);
}

function allFields(fields: Field[]): Field[][] {
  const lists: Field[][] = [fields];
  for (const field of fields) if (field.nested) lists.push(...allFields(field.nested));
  return lists;
}

export function mutateProtobuf(input: Uint8Array, random: FuzzRandom): Uint8Array {
  const root = random.chance(0.15) ? undefined : parse(input, 0);
  if (!root) return mutateBytes(input, random);
  const lists = allFields(root).filter((list) => list.length > 0);
  const list = random.pick(lists);
  const index = random.below(list.length);
  const field = list[index];
  switch (random.below(5)) {
    case 0:
      list.splice(index, 1);
      break;
    case 1:
      list.splice(index, 0, structuredClone(field));
      break;
    case 2:
      if (field.wireType === 0)
        field.varint = BigInt(Math.trunc(random.pick(INTERESTING_INTEGERS)));
      else if (field.bytes) {
        field.bytes = mutateBytes(field.nested ? encode(field.nested) : field.bytes, random);
        field.nested = undefined;
      }
      break;
    case 3: {
      // Every varint of this message set to one interesting value (axes, dims, types together).
      const value = BigInt(Math.trunc(random.pick(INTERESTING_INTEGERS)));
      for (const f of list) if (f.wireType === 0) f.varint = value;
      break;
    }
    default:
      if (field.wireType === 2 && !field.nested && field.bytes)
        field.bytes = mutateBytes(field.bytes, random);
      else if (field.wireType === 0) field.varint = BigInt(random.uint32());
  }
  return encode(root);
}
