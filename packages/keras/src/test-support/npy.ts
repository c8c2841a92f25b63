/** A minimal .npy reader (format 1.0/2.0, little-endian float32/float64, C order) for test data. */
export function readNpy(bytes: Uint8Array): { shape: number[]; data: Float64Array } {
  const magic = String.fromCharCode(...bytes.subarray(1, 6));
  if (bytes[0] !== 0x93 || magic !== 'NUMPY') throw new Error('not an .npy file');
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  const header = new TextDecoder().decode(bytes.subarray(headerStart, headerStart + headerLength));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  if (/'fortran_order':\s*True/.test(header)) throw new Error('fortran order not supported');
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? '';
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const start = headerStart + headerLength;
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    if (descr === '<f4') data[i] = view.getFloat32(start + 4 * i, true);
    else if (descr === '<f8') data[i] = view.getFloat64(start + 8 * i, true);
    else throw new Error(`dtype ${descr} not supported`);
  }
  return { shape, data };
}
