/**
 * Float tensors of any width to float32, the precision every rnnkit backend computes in.
 * F64 rounds to nearest; F16 and BF16 are exact. Integer and boolean tensors are not weights:
 * they are refused with INVALID_WEIGHTS naming the tensor rather than reinterpreted.
 */
import { RnnkitError } from '../errors.js';
import type { WeightTensor } from '../weights/canonical.js';
import type { SafetensorsTensor } from './dtypes.js';
import { bfloat16ToFloat32, float16ToFloat32 } from './half.js';

export function toFloat32Tensor(name: string, tensor: SafetensorsTensor): WeightTensor {
  const shape = [...tensor.shape];
  switch (tensor.dtype) {
    case 'F32':
      return { shape, data: new Float32Array(tensor.data) };
    case 'F64':
      return { shape, data: Float32Array.from(tensor.data) };
    case 'F16':
      return { shape, data: Float32Array.from(tensor.data, float16ToFloat32) };
    case 'BF16':
      return { shape, data: Float32Array.from(tensor.data, bfloat16ToFloat32) };
    default:
      throw new RnnkitError(
        'INVALID_WEIGHTS',
        `tensor "${name}" has dtype ${tensor.dtype}; weights must be floating point (F32, F64, F16 or BF16)`,
        { path: name },
      );
  }
}

/** Every tensor converted with `toFloat32Tensor`, order kept. */
export function toFloat32Weights(
  tensors: ReadonlyMap<string, SafetensorsTensor>,
): Map<string, WeightTensor> {
  const weights = new Map<string, WeightTensor>();
  for (const [name, tensor] of tensors) weights.set(name, toFloat32Tensor(name, tensor));
  return weights;
}
