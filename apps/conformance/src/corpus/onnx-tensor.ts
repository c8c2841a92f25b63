/** ONNX TensorProto -> rnnkit tensor, for the dtypes the recurrent operators use. */
import { RnnkitError, type Tensor } from '@rnnkit/core';
import { type OnnxTensor, tensorToFloat32, tensorToNumbers } from '@rnnkit/onnx';

const FLOAT = 1;
const INT32 = 6;
const INT64 = 7;

export function fromOnnxTensor(tensor: OnnxTensor): Tensor {
  const shape = [...tensor.dims];
  if (tensor.dataType === FLOAT) return { dtype: 'float32', shape, data: tensorToFloat32(tensor) };
  if (tensor.dataType === INT32)
    return { dtype: 'int32', shape, data: Int32Array.from(tensorToNumbers(tensor)) };
  if (tensor.dataType === INT64) {
    return {
      dtype: 'int64',
      shape,
      data: BigInt64Array.from(tensorToNumbers(tensor), (v) => BigInt(v)),
    };
  }
  throw new RnnkitError(
    'MODEL_FORMAT',
    `tensor '${tensor.name}' has ONNX data type ${tensor.dataType}`,
    {
      path: tensor.name,
    },
  );
}
