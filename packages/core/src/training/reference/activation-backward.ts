/**
 * The backward of an activation applied row by row (a Dense layer's, or an `activation` layer's),
 * from its input `pre`, its output and the output's gradient. Softmax's Jacobian:
 * da_k = y_k·(dy_k − Σ_j dy_j·y_j); logSoftmax's (y = log p): da_k = dy_k − p_k·Σ_j dy_j with
 * p_k = e^(y_k) (PyTorch's _log_softmax_backward_data, aten/src/ATen/native/SoftMax.cpp:
 * grad − exp(output)·sum(grad)). Element-wise ones: activation-derivative.ts.
 */
import type { Activation } from '../../spec/types.js';
import { activationDerivative } from './activation-derivative.js';

export function activationRowsBackward(
  activation: Activation,
  width: number,
  pre: Float64Array,
  output: Float64Array,
  dOutput: Float64Array,
): Float64Array {
  const dPre = new Float64Array(dOutput.length);
  if (activation === 'softmax') {
    for (let offset = 0; offset < dOutput.length; offset += width) {
      let dot = 0;
      for (let k = 0; k < width; k++) dot += dOutput[offset + k] * output[offset + k];
      for (let k = 0; k < width; k++) {
        dPre[offset + k] = output[offset + k] * (dOutput[offset + k] - dot);
      }
    }
    return dPre;
  }
  if (activation === 'logSoftmax') {
    for (let offset = 0; offset < dOutput.length; offset += width) {
      let sum = 0;
      for (let k = 0; k < width; k++) sum += dOutput[offset + k];
      for (let k = 0; k < width; k++) {
        dPre[offset + k] = dOutput[offset + k] - Math.exp(output[offset + k]) * sum;
      }
    }
    return dPre;
  }
  const derivative = activationDerivative(activation);
  for (let i = 0; i < dOutput.length; i++) dPre[i] = dOutput[i] * derivative(pre[i], output[i]);
  return dPre;
}
