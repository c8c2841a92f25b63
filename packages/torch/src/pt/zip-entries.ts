/**
 * The entries of a zip archive as PyTorch writes checkpoints since 1.6 (torch.save with the zip
 * format: miniz via caffe2's PyTorchStreamWriter): every entry STORED (uncompressed), names
 * `<archive>/data.pkl`, `<archive>/data/<key>`, `<archive>/version`, `<archive>/byteorder`.
 * Local headers carry data descriptors (flag bit 3), so sizes come from the central directory.
 *
 * Everything is checked against the bytes present before it is used: the end record, every
 * central record, every local header and every entry's extent. Compressed, encrypted and
 * zip64 archives are refused (PyTorch writes none of them below 4 GB).
 * Format: PKWARE APPNOTE.TXT sections 4.3.7 (local header), 4.3.12 (central header), 4.3.16 (end).
 */
import { ptError } from './pt-error.js';

const END_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const END_SIZE = 22;
const MAX_COMMENT = 0xffff;

export function isZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4
  );
}

/** Entry name -> its bytes (views into `bytes`, not copies). */
export function zipEntries(bytes: Uint8Array): Map<string, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  const lowest = Math.max(0, bytes.length - END_SIZE - MAX_COMMENT);
  for (let at = bytes.length - END_SIZE; at >= lowest; at--) {
    if (view.getUint32(at, true) === END_SIGNATURE) {
      end = at;
      break;
    }
  }
  if (end < 0) throw ptError('zip archive has no end-of-central-directory record (truncated?)');
  const count = view.getUint16(end + 10, true);
  const directorySize = view.getUint32(end + 12, true);
  const directoryOffset = view.getUint32(end + 16, true);
  if (count === 0xffff || directoryOffset === 0xffffffff)
    throw ptError('zip64 archives are not supported');
  if (directoryOffset + directorySize > end)
    throw ptError('zip central directory runs past its end record');

  const decoder = new TextDecoder('utf-8', { fatal: false });
  const entries = new Map<string, Uint8Array>();
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || view.getUint32(at, true) !== CENTRAL_SIGNATURE)
      throw ptError(`zip central directory entry ${i} is corrupt`);
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const compressed = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const localOffset = view.getUint32(at + 42, true);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > end) throw ptError(`zip central directory entry ${i} runs past the directory`);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    if (flags & 1) throw ptError(`zip entry '${name}' is encrypted`, name);
    if (method !== 0 || compressed !== size) {
      throw ptError(
        `zip entry '${name}' is compressed (method ${method}); PyTorch stores entries uncompressed`,
        name,
      );
    }
    if (size === 0xffffffff || localOffset === 0xffffffff)
      throw ptError('zip64 archives are not supported', name);
    if (localOffset + 30 > bytes.length || view.getUint32(localOffset, true) !== LOCAL_SIGNATURE)
      throw ptError(`zip entry '${name}' has no local header where the directory says`, name);
    const dataStart =
      localOffset +
      30 +
      view.getUint16(localOffset + 26, true) +
      view.getUint16(localOffset + 28, true);
    if (dataStart + size > bytes.length)
      throw ptError(`zip entry '${name}' claims ${size} bytes past the end of the file`, name);
    if (entries.has(name)) throw ptError(`zip archive holds '${name}' twice`, name);
    entries.set(name, bytes.subarray(dataStart, dataStart + size));
    at = next;
  }
  return entries;
}
