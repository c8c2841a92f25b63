/**
 * Opening untrusted HDF5 bytes safely with h5wasm: the signature and the superblock's declared
 * end of file are checked before the native library sees the bytes (a truncated file can make
 * HDF5 read past the end or abort), the library's errors are turned into exceptions, and every
 * failure becomes a MODEL_FORMAT RnnkitError.
 */

import { RnnkitError } from '@rnnkit/core';
import h5wasm from 'h5wasm';
import { modelFormat } from '../errors.js';
import { SnapshotDataset, SnapshotGroup } from './h5-snapshot.js';
import type { WorkerOutcome } from './hdf5-worker.js';
import { type WalkLimits, walkHdf5 } from './walk-hdf5.js';

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

export function hdf5SignatureOffset(bytes: Uint8Array): number | undefined {
  // The superblock sits at 0, 512, 1024, 2048, … (after an optional user block).
  for (
    let offset = 0;
    offset + SIGNATURE.length <= bytes.length;
    offset = offset === 0 ? 512 : offset * 2
  ) {
    if (SIGNATURE.every((byte, i) => bytes[offset + i] === byte)) return offset;
  }
  return undefined;
}

function readAddress(bytes: Uint8Array, at: number, size: number): number | undefined {
  if (at + size > bytes.length) return Number.NaN;
  let value = 0;
  let allOnes = true;
  for (let i = size - 1; i >= 0; i--) {
    const byte = bytes[at + i];
    if (byte !== 0xff) allOnes = false;
    value = value * 256 + byte;
  }
  return allOnes ? undefined : value;
}

/** Throws MODEL_FORMAT unless the bytes start like a whole HDF5 file. */
export function checkHdf5Bytes(bytes: Uint8Array, label: string): void {
  const offset = hdf5SignatureOffset(bytes);
  if (offset === undefined)
    throw modelFormat(`${label} is not an HDF5 file (no HDF5 signature)`, label);
  const version = bytes[offset + 8];
  let sizeOfOffsets: number;
  let baseAt: number;
  let eofAt: number;
  if (version === 0 || version === 1) {
    sizeOfOffsets = bytes[offset + 13];
    baseAt = offset + (version === 0 ? 24 : 28);
    eofAt = baseAt + 2 * sizeOfOffsets;
  } else if (version === 2 || version === 3) {
    sizeOfOffsets = bytes[offset + 9];
    baseAt = offset + 12;
    eofAt = baseAt + 2 * sizeOfOffsets;
  } else {
    throw modelFormat(`${label}: unknown HDF5 superblock version ${version}`, label);
  }
  if (![2, 4, 8].includes(sizeOfOffsets))
    throw modelFormat(`${label}: corrupt HDF5 superblock`, label);
  const base = readAddress(bytes, baseAt, sizeOfOffsets);
  const eof = readAddress(bytes, eofAt, sizeOfOffsets);
  if (Number.isNaN(base) || Number.isNaN(eof))
    throw modelFormat(`${label} is truncated inside its HDF5 superblock`, label);
  if (eof !== undefined && (base ?? 0) + eof > bytes.length) {
    throw modelFormat(
      `${label} is truncated: HDF5 declares ${(base ?? 0) + eof} bytes, ${bytes.length} present`,
      label,
    );
  }
}

type H5Module = Awaited<typeof h5wasm.ready>;
type H5Fs = NonNullable<H5Module['FS']>;
let ready: Promise<H5Module['FS']> | undefined;
let counter = 0;

async function filesystem(): Promise<H5Fs> {
  ready ??= h5wasm.ready.then((module) => {
    // Without this, HDF5 prints its error stack to stderr and returns invalid ids.
    module.activate_throwing_error_handler();
    return module.FS;
  });
  const fs = await ready;
  if (!fs) throw new RnnkitError('INTERNAL', 'h5wasm has no file system');
  return fs;
}

/** The readers see the snapshot classes under h5wasm's names. */
export type H5File = SnapshotGroup;
export type H5Group = SnapshotGroup;
export type H5Dataset = SnapshotDataset;
export const H5Dataset = SnapshotDataset;
export const H5Group = SnapshotGroup;

const DEFAULT_TIME_LIMIT_MS = 20_000;
let timeLimitMs = DEFAULT_TIME_LIMIT_MS;

/**
 * How long one HDF5 file may take to parse (in Node, where parsing runs in a worker_thread that
 * is terminated at the limit); default 20 s plus 1 s per 10 MB. Returns the previous value.
 */
export function setHdf5TimeLimit(milliseconds: number): number {
  const previous = timeLimitMs;
  if (!(milliseconds > 0)) throw new RangeError('the HDF5 time limit must be positive');
  timeLimitMs = milliseconds;
  return previous;
}

function walkLimits(bytes: Uint8Array): WalkLimits {
  return {
    maxDepth: 32,
    // Every HDF5 object needs a header of well over 16 bytes, so a file cannot hold more.
    maxNodes: Math.min(100_000, Math.max(1_000, Math.floor(bytes.length / 16))),
    fileBytes: bytes.length,
  };
}

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
// A variable specifier keeps browser bundlers from following it into node: modules.
const WORKER_MODULE = './hdf5-worker.js';

async function walkInProcess(bytes: Uint8Array, limits: WalkLimits): Promise<WorkerOutcome> {
  const fs = await filesystem();
  const path = `/rnnkit-keras-${++counter}.h5`;
  let file: InstanceType<typeof h5wasm.File> | undefined;
  try {
    fs.writeFile(path, bytes);
    try {
      file = new h5wasm.File(path, 'r');
    } catch (cause) {
      return { error: `open: ${cause instanceof Error ? cause.message : String(cause)}` };
    }
    return { tree: walkHdf5(h5wasm, file, limits) };
  } catch (cause) {
    return { error: cause instanceof Error ? cause.message : String(cause) };
  } finally {
    try {
      file?.close();
    } catch {
      // Closing a half-opened file can fail; the bytes are dropped below either way.
    }
    try {
      fs.unlink(path);
    } catch {
      // Nothing was written.
    }
  }
}

/** Copies the file's groups, string attributes and float datasets out of HDF5, bounded. */
export async function snapshotHdf5(bytes: Uint8Array, label: string): Promise<SnapshotGroup> {
  checkHdf5Bytes(bytes, label);
  const limits = walkLimits(bytes);
  const limit = timeLimitMs + Math.ceil(bytes.length / 10_000);
  let outcome: WorkerOutcome;
  if (isNode) {
    const { walkInWorker } = (await import(
      /* @vite-ignore */ WORKER_MODULE
    )) as typeof import('./hdf5-worker.js');
    outcome = await walkInWorker(bytes, limits, limit);
  } else {
    // Browsers: no way to stop a hang from here, but the walk is still bounded.
    outcome = await walkInProcess(bytes, limits);
  }
  if ('tree' in outcome) return new SnapshotGroup(outcome.tree);
  if ('timedOut' in outcome) {
    throw modelFormat(
      `${label}: HDF5 parsing did not finish within ${(limit / 1000).toFixed(1)} s; the file is corrupt`,
      label,
    );
  }
  const message = outcome.error;
  for (const [prefix, what] of [
    ['limit: ', ''],
    ['format: ', ''],
    ['open: ', 'HDF5 could not open the file: '],
  ] as const) {
    if (message.startsWith(prefix)) {
      const detail =
        prefix === 'open: '
          ? firstLine(message.slice(prefix.length))
          : message.slice(prefix.length);
      throw modelFormat(`${label}: ${what}${detail}`, label);
    }
  }
  throw modelFormat(`${label}: HDF5 read failed (${firstLine(message)})`, label);
}

/**
 * Opens the bytes as an HDF5 file for the duration of `read`; every failure is MODEL_FORMAT.
 * `read` sees a snapshot, so nothing in it can hang inside HDF5.
 */
export async function withHdf5<T>(
  bytes: Uint8Array,
  label: string,
  read: (file: H5File) => T,
): Promise<T> {
  const file = await snapshotHdf5(bytes, label);
  try {
    return read(file);
  } catch (cause) {
    if (RnnkitError.isInstance(cause)) throw cause;
    throw modelFormat(`${label}: HDF5 read failed (${firstLine(cause)})`, label, cause);
  }
}

function firstLine(cause: unknown): string {
  const text = cause instanceof Error ? cause.message : String(cause);
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  // HDF5's stack puts the root cause last.
  return (
    (lines.find((line) => line.startsWith('minor:')) ? lines.slice(-2).join(' ') : lines[0]) ??
    'unknown error'
  );
}

/** An attribute's value as a string (Keras stores JSON configs and versions as byte strings). */
export function stringAttribute(
  node: { attrs: Record<string, { value: unknown }> },
  name: string,
): string | undefined {
  const attribute = node.attrs[name];
  if (!attribute) return undefined;
  const value = attribute.value;
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  return value === null || value === undefined ? undefined : String(value);
}

/** A string-list attribute (layer_names, weight_names); an empty numeric array reads as []. */
export function stringListAttribute(
  node: { attrs: Record<string, { value: unknown }> },
  name: string,
): string[] | undefined {
  const attribute = node.attrs[name];
  if (!attribute) return undefined;
  const value = attribute.value;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value))
    return value.map((item) =>
      item instanceof Uint8Array ? new TextDecoder().decode(item) : String(item),
    );
  if (ArrayBuffer.isView(value))
    return (value as unknown as { length: number }).length === 0 ? [] : undefined;
  return undefined;
}
