/**
 * Protobuf wire-format reader, hardened for untrusted bytes: every read checks the bytes left
 * before touching them, varints stop at 10 bytes, lengths are checked against the enclosing
 * message before anything is sliced or allocated. Failures are MODEL_FORMAT errors naming the
 * byte offset (from the start of the whole buffer) and what was being read.
 */
import { RnnkitError } from '@rnnkit/core';

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LENGTH_DELIMITED = 2;
export const WIRE_FIXED32 = 5;

const WIRE_NAMES: Record<number, string> = {
  0: 'varint',
  1: 'fixed64',
  2: 'length-delimited',
  3: 'start-group',
  4: 'end-group',
  5: 'fixed32',
};

export function wireTypeName(wireType: number): string {
  return WIRE_NAMES[wireType] ?? `invalid wire type ${wireType}`;
}

const utf8 = new TextDecoder('utf-8');

export function formatError(message: string, path?: string): RnnkitError {
  return new RnnkitError('MODEL_FORMAT', message, path === undefined ? {} : { path });
}

export interface FieldTag {
  field: number;
  wireType: number;
  /** Offset of the tag itself, for error messages. */
  at: number;
}

export class WireReader {
  readonly bytes: Uint8Array;
  pos: number;
  readonly end: number;
  private readonly view: DataView;

  constructor(bytes: Uint8Array, start = 0, end = bytes.length) {
    this.bytes = bytes;
    this.pos = start;
    this.end = end;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  fail(message: string, at = this.pos): RnnkitError {
    return formatError(`invalid protobuf at byte ${at}: ${message}`, `byte ${at}`);
  }

  private need(count: number, what: string): void {
    if (count > this.end - this.pos) {
      throw this.fail(
        `${what} needs ${count} bytes but only ${this.end - this.pos} remain (truncated?)`,
      );
    }
  }

  /** A varint as two 32-bit halves; at most 10 bytes. */
  private varintHalves(what: string): [lo: number, hi: number] {
    const start = this.pos;
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw this.fail(`truncated varint (${what})`, start);
      const byte = this.bytes[this.pos++];
      const bits = byte & 0x7f;
      if (i < 4) lo |= bits << (7 * i);
      else if (i === 4) {
        lo |= (bits & 0x0f) << 28;
        hi |= bits >> 4;
      } else hi |= bits << (7 * i - 32);
      if ((byte & 0x80) === 0) return [lo >>> 0, hi >>> 0];
    }
    throw this.fail(`varint longer than 10 bytes (${what})`, start);
  }

  /** int64 varint as a number (two's complement for negatives; exact up to 2^53). */
  int64(what = 'int64'): number {
    const [lo, hi] = this.varintHalves(what);
    return (hi | 0) * 0x1_0000_0000 + lo;
  }

  /** uint64 varint as a number (exact up to 2^53). */
  uint64(what = 'uint64'): number {
    const [lo, hi] = this.varintHalves(what);
    return hi * 0x1_0000_0000 + lo;
  }

  /** int32/enum varint: protobuf sign-extends negatives to 10 bytes; the low 32 bits are the value. */
  int32(what = 'int32'): number {
    const [lo] = this.varintHalves(what);
    return lo | 0;
  }

  bool(what = 'bool'): boolean {
    return this.uint64(what) !== 0;
  }

  tag(): FieldTag {
    const at = this.pos;
    const [lo, hi] = this.varintHalves('field tag');
    if (hi !== 0) throw this.fail('field tag larger than 32 bits', at);
    const field = lo >>> 3;
    const wireType = lo & 7;
    if (field === 0) throw this.fail('field number 0', at);
    if (wireType !== 0 && wireType !== 1 && wireType !== 2 && wireType !== 5) {
      throw this.fail(`unsupported ${wireTypeName(wireType)} (field ${field})`, at);
    }
    return { field, wireType, at };
  }

  float32(): number {
    this.need(4, 'fixed32');
    const value = this.view.getFloat32(this.pos, true);
    this.pos += 4;
    return value;
  }

  float64(): number {
    this.need(8, 'fixed64');
    const value = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return value;
  }

  /** Reads a length prefix and returns [start, end) of the payload, checked against the message. */
  lengthDelimited(what: string): [number, number] {
    const at = this.pos;
    const length = this.uint64(`length of ${what}`);
    if (length > this.end - this.pos) {
      throw this.fail(
        `${what} claims ${length} bytes but only ${this.end - this.pos} remain in the enclosing message`,
        at,
      );
    }
    const start = this.pos;
    this.pos += length;
    return [start, this.pos];
  }

  /** A copy of a length-delimited payload (callers may keep it after the input is reused). */
  bytesField(what: string): Uint8Array {
    const [start, end] = this.lengthDelimited(what);
    return this.bytes.slice(start, end);
  }

  string(what: string): string {
    const [start, end] = this.lengthDelimited(what);
    return utf8.decode(this.bytes.subarray(start, end));
  }

  /** A reader over a nested message's payload. */
  sub(what: string): WireReader {
    const [start, end] = this.lengthDelimited(what);
    return new WireReader(this.bytes, start, end);
  }

  skip(tag: FieldTag): void {
    switch (tag.wireType) {
      case WIRE_VARINT:
        this.varintHalves(`field ${tag.field}`);
        return;
      case WIRE_FIXED64:
        this.need(8, `field ${tag.field}`);
        this.pos += 8;
        return;
      case WIRE_FIXED32:
        this.need(4, `field ${tag.field}`);
        this.pos += 4;
        return;
      case WIRE_LENGTH_DELIMITED:
        this.lengthDelimited(`field ${tag.field}`);
        return;
      default:
        throw this.fail(`cannot skip ${wireTypeName(tag.wireType)}`, tag.at);
    }
  }

  expectWireType(tag: FieldTag, wireType: number, what: string): void {
    if (tag.wireType !== wireType) {
      throw this.fail(
        `${what} (field ${tag.field}) has wire type ${wireTypeName(tag.wireType)}, expected ${wireTypeName(wireType)}`,
        tag.at,
      );
    }
  }

  /** Packed (length-delimited) or unpacked repeated float32s. */
  repeatedFloat32(tag: FieldTag, out: number[], what: string): void {
    if (tag.wireType === WIRE_FIXED32) {
      out.push(this.float32());
      return;
    }
    this.expectWireType(tag, WIRE_LENGTH_DELIMITED, what);
    const [start, end] = this.lengthDelimited(what);
    if ((end - start) % 4 !== 0)
      throw this.fail(`packed ${what} has ${end - start} bytes, not a multiple of 4`, start);
    for (let p = start; p < end; p += 4) out.push(this.view.getFloat32(p, true));
  }

  repeatedFloat64(tag: FieldTag, out: number[], what: string): void {
    if (tag.wireType === WIRE_FIXED64) {
      out.push(this.float64());
      return;
    }
    this.expectWireType(tag, WIRE_LENGTH_DELIMITED, what);
    const [start, end] = this.lengthDelimited(what);
    if ((end - start) % 8 !== 0)
      throw this.fail(`packed ${what} has ${end - start} bytes, not a multiple of 8`, start);
    for (let p = start; p < end; p += 8) out.push(this.view.getFloat64(p, true));
  }

  /** Packed or unpacked repeated varints, read by `read` (int64, int32, uint64). */
  repeatedVarint(
    tag: FieldTag,
    out: number[],
    what: string,
    read: (r: WireReader) => number,
  ): void {
    if (tag.wireType === WIRE_VARINT) {
      out.push(read(this));
      return;
    }
    this.expectWireType(tag, WIRE_LENGTH_DELIMITED, what);
    const [start, end] = this.lengthDelimited(what);
    const inner = new WireReader(this.bytes, start, end);
    while (!inner.done) out.push(read(inner));
  }
}
