/** A minimal .npy reader (format 1.0 / 2.0, little-endian float32 / float64, C order). */
export function readNpy(bytes: Uint8Array): { shape: number[]; data: Float64Array } {
  const magic = String.fromCharCode(...bytes.subarray(1, 6));
  if (bytes[0] !== 0x93 || magic !== 'NUMPY') throw new Error('not an .npy file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  const header = new TextDecoder().decode(bytes.subarray(headerStart, headerStart + headerLength));
  if (/'fortran_order':\s*True/.test(header)) throw new Error('.npy in Fortran order');
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const width = descr === '<f4' ? 4 : descr === '<f8' ? 8 : 0;
  if (width === 0) throw new Error(`.npy dtype ${descr} not supported`);
  const shape = (/'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const start = headerStart + headerLength;
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    data[i] =
      width === 4 ? view.getFloat32(start + 4 * i, true) : view.getFloat64(start + 8 * i, true);
  }
  return { shape, data };
}
