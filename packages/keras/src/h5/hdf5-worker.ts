/**
 * Node only: HDF5 parsing in a worker_thread with a time limit. h5wasm is synchronous native
 * code; a corrupted global-heap size made it loop forever, which in-process would hang the
 * caller. In a worker the hang is ended with `terminate()`. The worker is also replaced after a
 * crash, every RECYCLE_AFTER_FAILURES failed files and every RECYCLE_AFTER files, because
 * h5wasm's memory does not survive hundreds of corrupt files (a fuzzing run saw "memory access
 * out of bounds" after ~480). Starting a worker costs ~0.5-1 s (h5wasm's module), so it is not
 * replaced after every failure.
 *
 * Loaded with a dynamic import from hdf5-file.ts, so browser bundles never see node: modules.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type SnapshotGroupData, type WalkLimits, walkHdf5 } from './walk-hdf5.js';

const RECYCLE_AFTER = 200;
const RECYCLE_AFTER_FAILURES = 25;

export type WorkerOutcome = { tree: SnapshotGroupData } | { error: string } | { timedOut: true };

/** h5wasm's ESM entry, found by walking up from this file (import.meta.resolve is not everywhere). */
function h5wasmUrl(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'node_modules', 'h5wasm', 'package.json');
    if (existsSync(manifest)) {
      const json = JSON.parse(readFileSync(manifest, 'utf8'));
      const entry = json.exports?.['.']?.import ?? json.module ?? json.main;
      return pathToFileURL(join(dirname(manifest), entry)).href;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the h5wasm package');
    dir = parent;
  }
}

function workerSource(): string {
  return `
const { parentPort, workerData } = require('node:worker_threads');
const walkHdf5 = (${walkHdf5.toString()});
const ready = import(workerData.h5wasmUrl).then(async (imported) => {
  const h5wasm = imported.default ?? imported;
  const module = await h5wasm.ready;
  module.activate_throwing_error_handler();
  return { h5wasm, fs: module.FS };
});
let counter = 0;
parentPort.on('message', async ({ id, bytes, limits }) => {
  let path;
  let file;
  let fs;
  try {
    const loaded = await ready;
    fs = loaded.fs;
    path = '/rnnkit-' + ++counter + '.h5';
    fs.writeFile(path, bytes);
    try {
      file = new loaded.h5wasm.File(path, 'r');
    } catch (error) {
      throw new Error('open: ' + (error && error.message ? error.message : String(error)));
    }
    const tree = walkHdf5(loaded.h5wasm, file, limits);
    parentPort.postMessage({ id, tree });
  } catch (error) {
    parentPort.postMessage({ id, error: error && error.message ? error.message : String(error) });
  } finally {
    try { if (file) file.close(); } catch {}
    try { if (path && fs) fs.unlink(path); } catch {}
  }
});
`;
}

interface Pending {
  id: number;
  resolve: (outcome: WorkerOutcome) => void;
}

let worker: Worker | undefined;
let used = 0;
let failures = 0;
let nextId = 0;
let pending: Pending | undefined;
// One file at a time: requests wait for the previous one (h5wasm is single-threaded anyway).
let queue: Promise<unknown> = Promise.resolve();

function startWorker(): Worker {
  const created = new Worker(workerSource(), {
    eval: true,
    workerData: { h5wasmUrl: h5wasmUrl() },
  });
  // Events of a worker that has since been retired must not settle a newer request.
  created.on('message', (message: { id: number } & WorkerOutcome) => {
    if (created === worker && pending && message.id === pending.id) pending.resolve(message);
  });
  created.on('error', (error) => {
    if (created !== worker) return;
    worker = undefined;
    pending?.resolve({ error: `worker failed: ${error.message}` });
  });
  created.on('exit', () => {
    if (created !== worker) return;
    worker = undefined;
    pending?.resolve({ error: 'worker exited' });
  });
  // After the listeners: attaching a 'message' listener refs the worker's port again, and a
  // ref'd port kept every process that had read an .h5 file alive after its work was done.
  created.unref();
  used = 0;
  failures = 0;
  return created;
}

function retire(): void {
  const old = worker;
  worker = undefined;
  if (old) void old.terminate();
}

/** Walks the HDF5 bytes in the worker; resolves with the tree, the walk's error, or a time-out. */
export function walkInWorker(
  bytes: Uint8Array,
  limits: WalkLimits,
  timeLimitMs: number,
): Promise<WorkerOutcome> {
  const run = async (): Promise<WorkerOutcome> => {
    if (!worker || used >= RECYCLE_AFTER) {
      retire();
      worker = startWorker();
    }
    used++;
    const current = worker;
    const id = ++nextId;
    const copy = bytes.slice();
    const outcome = await new Promise<WorkerOutcome>((resolve) => {
      const timer = setTimeout(() => resolve({ timedOut: true }), timeLimitMs);
      pending = {
        id,
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
      };
      current.postMessage({ id, bytes: copy, limits }, [copy.buffer]);
    });
    pending = undefined;
    // A time-out leaves the worker busy, and a crash (memory access out of bounds, abort) leaves
    // h5wasm's memory suspect: replace it. HDF5's own errors and the walk's bounds are clean
    // failures, but h5wasm's memory still degrades over hundreds of them, so those recycle it
    // every RECYCLE_AFTER_FAILURES.
    if ('timedOut' in outcome) retire();
    else if ('error' in outcome) {
      const clean = /^(limit|format): |HDF5-DIAG/.test(outcome.error);
      if (!clean || ++failures >= RECYCLE_AFTER_FAILURES) retire();
    }
    return outcome;
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}

/** Ends the worker now (tests, and programs that want to exit without waiting for unref). */
export function stopHdf5Worker(): void {
  retire();
}
