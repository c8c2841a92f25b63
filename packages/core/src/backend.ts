/**
 * The contract every backend implements (DESIGN.md "Backend / Session").
 * Backends are made by factories (`createReferenceBackend()`, `createTfjsBackend({ backend })`),
 * never by import side effects.
 */

import type { DType, NamedTensors, OutputTensors, Tensor } from './tensor.js';
import type { Model } from './weights/canonical.js';

export type NodeBackendId =
  | 'reference'
  | 'tfjs-cpu'
  | 'tfjs-wasm'
  | 'ort-node-cpu'
  | 'ort-web-wasm';
export type BrowserOnlyBackendId = 'tfjs-webgl' | 'tfjs-webgpu' | 'ort-web-webgpu';
export type BackendId = NodeBackendId | BrowserOnlyBackendId;

export const BACKEND_IDS: readonly BackendId[] = [
  'reference',
  'tfjs-cpu',
  'tfjs-wasm',
  'ort-node-cpu',
  'ort-web-wasm',
  'tfjs-webgl',
  'tfjs-webgpu',
  'ort-web-webgpu',
];

/** Final (or initial) state of one recurrent layer: [directions, batch, units] each. */
export interface LayerState {
  h: Tensor;
  /** LSTM only. */
  c?: Tensor;
}

/** Recurrent state of a whole model, by recurrent layer name. */
export type RecurrentState = Record<string, LayerState>;

export interface TensorInfo {
  name: string;
  dtype: DType;
  /** -1 marks a dimension fixed only at run time (batch, time). */
  shape: number[];
}

export interface RunOptions {
  /**
   * Initial state per recurrent layer (missing layers start at zero). Passing the `state` of one
   * call gives exactly what running the joined sequence in one call gives.
   */
  state?: RecurrentState;
}

export interface RunResult {
  /** By the model's output names: the main output, then any `stateOutputs` (always floats). */
  outputs: OutputTensors;
  /** Final state of every recurrent layer. */
  state: RecurrentState;
}

export interface Session {
  readonly backend: BackendId;
  readonly inputs: readonly TensorInfo[];
  readonly outputs: readonly TensorInfo[];
  run(inputs: NamedTensors, options?: RunOptions): Promise<RunResult>;
  /** Frees what the session holds; later runs fail with DISPOSED. Safe to call twice. */
  dispose(): Promise<void>;
}

export interface SupportReport {
  supported: boolean;
  /** When unsupported: the spec feature refused (e.g. 'lstm peepholes'), and why. */
  feature?: string;
  reason?: string;
}

export interface Backend {
  readonly id: BackendId;
  /** Whether the spec can run here, without loading it. `load` refuses the same specs. */
  supports(model: Model): SupportReport;
  /** Validates the model, refuses unsupported features with UNSUPPORTED_FEATURE, prepares a session. */
  load(model: Model): Promise<Session>;
}
