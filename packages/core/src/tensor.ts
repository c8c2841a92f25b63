/**
 * The tensor every rnnkit API passes around: dtype, shape and row-major data.
 * float64 exists for the reference executor's outputs; backends take and give float32.
 */
export type DType = 'float32' | 'float64' | 'int32' | 'int64';

export interface DataOf {
  float32: Float32Array;
  float64: Float64Array;
  int32: Int32Array;
  int64: BigInt64Array;
}

export type TensorData = DataOf[DType];

export interface Tensor<D extends DType = DType> {
  readonly dtype: D;
  readonly shape: readonly number[];
  readonly data: DataOf[D];
}

export type NamedTensors = Record<string, Tensor>;

/**
 * What runs give back: float tensors only (float32 from backends, float64 from the reference),
 * so `Array.from(out.data)` and arithmetic on the values typecheck without a BigInt64Array case.
 * `toNumbers(tensor)` reads any tensor, inputs included, as a Float64Array.
 */
export type FloatTensor = Tensor<'float32' | 'float64'>;
export type OutputTensors = Record<string, FloatTensor>;

export function sizeOf(shape: readonly number[]): number {
  let size = 1;
  for (const dim of shape) size *= dim;
  return size;
}

export function float32Tensor(
  shape: readonly number[],
  data?: ArrayLike<number>,
): Tensor<'float32'> {
  const values = new Float32Array(sizeOf(shape));
  if (data) values.set(data);
  return { dtype: 'float32', shape: [...shape], data: values };
}

export function float64Tensor(
  shape: readonly number[],
  data?: ArrayLike<number>,
): Tensor<'float64'> {
  const values = new Float64Array(sizeOf(shape));
  if (data) values.set(data);
  return { dtype: 'float64', shape: [...shape], data: values };
}

export function int32Tensor(shape: readonly number[], data?: ArrayLike<number>): Tensor<'int32'> {
  const values = new Int32Array(sizeOf(shape));
  if (data) values.set(data);
  return { dtype: 'int32', shape: [...shape], data: values };
}

/** Reads any tensor's values as plain numbers (int64 converted; callers check the range). */
export function toNumbers(tensor: Tensor): Float64Array {
  const out = new Float64Array(tensor.data.length);
  if (tensor.dtype === 'int64') {
    const data = tensor.data as BigInt64Array;
    for (let i = 0; i < data.length; i++) out[i] = Number(data[i]);
  } else {
    out.set(tensor.data as ArrayLike<number>);
  }
  return out;
}
