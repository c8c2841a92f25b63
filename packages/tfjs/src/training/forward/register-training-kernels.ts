/**
 * The rnnkit kernels of the training path, registered once per process for the backend that
 * trains (tfjs's kernel registry is global): step slices on wasm and cpu (unstack-steps.ts); on
 * cpu also the product (cpu-mat-mul-kernel.ts), the column split (split-columns.ts) and the LSTM
 * step's gate arithmetic (lstm-step-kernel.ts), which replace tfjs-cpu's slow MatMul, its strided
 * Slice and a dozen elementwise ops per step. Where a kernel is not registered, the
 * forward pass takes the stock tfjs op instead, with the same values.
 */
import { registerCpuMatMul } from './cpu-mat-mul-kernel.js';
import { registerLstmTrainingStep } from './lstm-step-kernel.js';
import { registerSplitColumns } from './split-columns.js';
import { registerUnstackSteps } from './unstack-steps.js';

export function registerTrainingKernels(backendName: string): void {
  if (backendName === 'wasm' || backendName === 'cpu') registerUnstackSteps(backendName);
  if (backendName === 'cpu') {
    registerCpuMatMul();
    registerSplitColumns();
    registerLstmTrainingStep();
  }
}
