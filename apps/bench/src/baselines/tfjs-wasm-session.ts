/**
 * The rnnkit-wasm-threads row's baseline: rnnkit's tfjs-wasm backend (tfjs-backend-wasm, the
 * target's "1.5x tfjs-wasm") on a session of its own, driven like the rnnkit side (session.run).
 * Timed alternately with the threaded session call by call, so the ratio is threads / tfjs-wasm
 * with load bursts hitting both alike. tfjs-backend-wasm runs one thread in Node (its
 * multithreaded build is chosen only where the runtime says WebAssembly threads are supported,
 * which its check answers false under Node: apps/bench README "Session 7: worker threads").
 */
import type { Model } from '@rnnkit/core';
import { createTfjsBackend } from '@rnnkit/tfjs';
import type { Baseline } from './baseline.js';
import { sessionBaseline } from './session-baseline.js';

export async function createTfjsWasmSessionBaseline(model: Model): Promise<Baseline> {
  return sessionBaseline(
    'rnnkit-tfjs-wasm',
    await createTfjsBackend({ backend: 'wasm' }).load(model),
    model,
  );
}
