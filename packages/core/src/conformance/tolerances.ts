/**
 * The one tolerance table (DESIGN.md "Numerics"): how far a backend's float32 output may sit from
 * the expected values, compared as |actual - expected| <= atol + rtol * |expected|.
 *
 * Why these numbers:
 * - CPU and wasm backends (tfjs-cpu, tfjs-wasm, ort-node-cpu, ort-web-wasm) compute in IEEE
 *   float32 (eps ~1.2e-7). A recurrence compounds rounding over its steps, and ORT's MLAS kernels
 *   use polynomial tanh/sigmoid approximations (~1e-7 relative), so a few dozen steps stay well
 *   inside atol 1e-5 + rtol 1e-4 while a wrong gate order or bias placement misses by ~1e-2 or more.
 * - GPU backends (tfjs-webgl, tfjs-webgpu, ort-web-webgpu) use float32 too, but with fused
 *   multiply-adds, reordered reductions and approximate transcendental functions in shaders
 *   (WebGL's exp/tanh are not correctly rounded), so errors grow faster: atol 1e-3 + rtol 1e-3.
 *   A WebGL device without float32 render targets (tfjs falls back to float16) is out of scope:
 *   float16's 1e-3 step would fail here, as it should.
 * - The reference executor is float64; compared with expected values recorded in float32 (ONNX's
 *   numpy reference on float32 inputs, PyTorch float32 exports) it inherits their rounding:
 *   atol 1e-6 + rtol 1e-5.
 */
import type { BackendId } from '../backend.js';

export interface Tolerance {
  atol: number;
  rtol: number;
}

const FLOAT32_CPU: Tolerance = { atol: 1e-5, rtol: 1e-4 };
const FLOAT32_GPU: Tolerance = { atol: 1e-3, rtol: 1e-3 };

export const TOLERANCES: Readonly<Record<BackendId, Readonly<Tolerance>>> = Object.freeze({
  reference: { atol: 1e-6, rtol: 1e-5 },
  'tfjs-cpu': FLOAT32_CPU,
  'tfjs-wasm': FLOAT32_CPU,
  'ort-node-cpu': FLOAT32_CPU,
  'ort-web-wasm': FLOAT32_CPU,
  'rnnkit-wasm': FLOAT32_CPU,
  'tfjs-webgl': FLOAT32_GPU,
  'tfjs-webgpu': FLOAT32_GPU,
  'ort-web-webgpu': FLOAT32_GPU,
});

/**
 * A conformance case's own tolerance. `atol` / `rtol` only ever LOOSEN the table: they describe
 * noise in the case's expected values (keras-js fixtures rounded to 6 decimals, float32 PyTorch
 * outputs), which adds to whatever error the backend has. `perBackend` replaces the table's entry
 * for one backend outright (for a documented, known deviation).
 */
export interface ToleranceOverride {
  atol?: number;
  rtol?: number;
  perBackend?: Partial<Record<BackendId, Tolerance>>;
}

/** The tolerance for one backend, with a case's override applied. */
export function toleranceFor(backendId: BackendId, override?: ToleranceOverride): Tolerance {
  const table = TOLERANCES[backendId];
  if (table === undefined) throw new TypeError(`unknown backend id '${String(backendId)}'`);
  const exact = override?.perBackend?.[backendId];
  if (exact) return { atol: exact.atol, rtol: exact.rtol };
  return {
    atol: Math.max(table.atol, override?.atol ?? 0),
    rtol: Math.max(table.rtol, override?.rtol ?? 0),
  };
}
