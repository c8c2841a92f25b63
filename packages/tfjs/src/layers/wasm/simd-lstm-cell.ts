/**
 * The LSTM cell kernel's tfjs-wasm fast path: lstm-cell.wat, a WebAssembly SIMD loop that
 * imports tfjs-wasm's own memory and reads and writes the step's tensors where they lie.
 *
 * Why: the same loop in JS (lstm-cell-kernel.ts) costs ~80 µs a step on a [32, 128] state,
 * ~20 ns an element, a fifth of the step; this one costs ~20 µs with the kernel's call included,
 * which measured the LSTM batch 32 x 100 on tfjs-wasm at ~32 ms instead of ~42 ms.
 *
 * It needs what tfjs-wasm does not promise: its emscripten module's WebAssembly.Memory (exported
 * as `asm.memory` by the single-threaded builds; `wasmMemory`, shared, in the threaded build that
 * cross-origin isolated pages get) and the backend's `getMemoryOffset`. Without them, without
 * SIMD, or with units not a multiple of 4, `runSimdLstmCell` returns false and the caller runs
 * the JS loop, which computes the same values (float64 there, float32 here: within ~2e-7).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { LSTM_CELL_SHARED_WASM, LSTM_CELL_WASM } from './lstm-cell-wasm.js';

/** Byte addresses in tfjs-wasm's memory; see lstm-cell.wat. */
type LstmCellExport = (
  gates: number,
  c: number,
  x: number,
  hasX: number,
  h: number,
  cNext: number,
  next: number,
  batch: number,
  units: number,
  inputSize: number,
) => void;

/** The parts of tfjs-wasm's BackendWasm used here. */
interface WasmBackend {
  wasm?: { asm?: { memory?: unknown }; wasmMemory?: unknown };
  getMemoryOffset(dataId: tf.DataId): number;
}

export interface SimdLstmCellArgs {
  gates: tf.TensorInfo;
  c: tf.TensorInfo;
  /** The layer's inputs [time, batch, inputSize]. */
  inputs: tf.TensorInfo;
  /** The step whose inputs go into `next`, or -1 for zeros. */
  nextStep: number;
  h: tf.TensorInfo;
  cNext: tf.TensorInfo;
  next: tf.TensorInfo;
}

/** One instance per tfjs-wasm module (null: this module cannot run there). */
const instances = new WeakMap<object, LstmCellExport | null>();

/**
 * Runs the cell on tfjs-wasm's memory, or returns false (nothing written) when this backend
 * cannot run it; see the file comment.
 */
export function runSimdLstmCell(backend: unknown, args: SimdLstmCellArgs): boolean {
  const [units, batch] = args.c.shape;
  if (units % 4 !== 0) return false;
  const lstmCell = instanceFor(backend);
  if (!lstmCell) return false;
  const wasm = backend as WasmBackend;
  const at = (info: tf.TensorInfo) => wasm.getMemoryOffset(info.dataId);
  const inputSize = args.inputs.shape[2];
  const hasX = args.nextStep >= 0;
  const x = hasX ? at(args.inputs) + args.nextStep * batch * inputSize * 4 : 0;
  lstmCell(
    at(args.gates),
    at(args.c),
    x,
    hasX ? 1 : 0,
    at(args.h),
    at(args.cNext),
    at(args.next),
    batch,
    units,
    inputSize,
  );
  return true;
}

/** True when `backend` (a tfjs-wasm backend) runs the SIMD cell; for tests and diagnostics. */
export function hasSimdLstmCell(backend: unknown): boolean {
  return instanceFor(backend) !== undefined;
}

function instanceFor(backend: unknown): LstmCellExport | undefined {
  const wasm = backend as Partial<WasmBackend>;
  const module = wasm.wasm;
  if (typeof module !== 'object' || module === null || typeof wasm.getMemoryOffset !== 'function') {
    return undefined;
  }
  let lstmCell = instances.get(module);
  if (lstmCell === undefined) {
    lstmCell = instantiate(module.asm?.memory ?? module.wasmMemory);
    instances.set(module, lstmCell);
  }
  return lstmCell ?? undefined;
}

function instantiate(memory: unknown): LstmCellExport | null {
  if (!(memory instanceof WebAssembly.Memory)) return null;
  const shared =
    typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const base64 = shared ? LSTM_CELL_SHARED_WASM : LSTM_CELL_WASM;
  const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
  if (!WebAssembly.validate(bytes)) return null; // no SIMD, bulk memory or threads here
  try {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
      env: { memory },
    });
    return instance.exports.lstm_cell as LstmCellExport;
  } catch {
    return null;
  }
}
