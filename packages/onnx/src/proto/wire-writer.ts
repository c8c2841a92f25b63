/** Protobuf wire-format writer (the subset ONNX needs), growing its buffer as it goes. */
const utf8 = new TextEncoder();

export class WireWriter {
  private buffer = new Uint8Array(256);
  private view = new DataView(this.buffer.buffer);
  private length = 0;

  private reserve(count: number): void {
    if (this.length + count <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + count) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
    this.view = new DataView(next.buffer);
  }

  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  /** Unsigned varint of a non-negative safe integer, or a negative int64 in two's complement. */
  varint(value: number): void {
    if (!Number.isSafeInteger(value)) throw new RangeError(`varint ${value} is not a safe integer`);
    let lo: number;
    let hi: number;
    if (value >= 0) {
      lo = value >>> 0;
      hi = Math.floor(value / 0x1_0000_0000) >>> 0;
    } else {
      // Two's complement over 64 bits: protobuf writes negative int32/int64 as 10 bytes.
      const magnitude = -value;
      let mlo = magnitude >>> 0;
      let mhi = Math.floor(magnitude / 0x1_0000_0000) >>> 0;
      mlo = ~mlo >>> 0;
      mhi = ~mhi >>> 0;
      mlo = (mlo + 1) >>> 0;
      if (mlo === 0) mhi = (mhi + 1) >>> 0;
      lo = mlo;
      hi = mhi;
    }
    this.reserve(10);
    while (hi !== 0 || lo > 0x7f) {
      this.buffer[this.length++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi = hi >>> 7;
    }
    this.buffer[this.length++] = lo;
  }

  tag(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  int64Field(field: number, value: number): void {
    this.tag(field, 0);
    this.varint(value);
  }

  float32Field(field: number, value: number): void {
    this.tag(field, 5);
    this.reserve(4);
    this.view.setFloat32(this.length, value, true);
    this.length += 4;
  }

  bytesField(field: number, bytes: Uint8Array): void {
    this.tag(field, 2);
    this.varint(bytes.length);
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  stringField(field: number, value: string): void {
    this.bytesField(field, utf8.encode(value));
  }

  /** A nested message written by `body` into its own writer, then length-prefixed. */
  messageField(field: number, body: (writer: WireWriter) => void): void {
    const inner = new WireWriter();
    body(inner);
    this.bytesField(field, inner.finish());
  }

  packedVarints(field: number, values: ArrayLike<number>): void {
    if (values.length === 0) return;
    const inner = new WireWriter();
    for (let i = 0; i < values.length; i++) inner.varint(values[i]);
    this.bytesField(field, inner.finish());
  }

  packedFloat32(field: number, values: ArrayLike<number>): void {
    if (values.length === 0) return;
    const bytes = new Uint8Array(values.length * 4);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
    this.bytesField(field, bytes);
  }

  packedFloat64(field: number, values: ArrayLike<number>): void {
    if (values.length === 0) return;
    const bytes = new Uint8Array(values.length * 8);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i], true);
    this.bytesField(field, bytes);
  }
}
