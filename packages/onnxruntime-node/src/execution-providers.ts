/**
 * Which of the execution providers a user asks for this onnxruntime-node can start.
 *
 * onnxruntime-node lists the providers it was built with (`listSupportedBackends()`: cpu and
 * webgpu bundled; cuda and tensorrt as separately installed libraries on Linux x64; dml on
 * Windows; coreml on macOS). A listed provider can still be missing at run time (no CUDA
 * libraries, no GPU), and ORT then fails the whole session instead of falling back. So each
 * provider is tried once per process on a one-node model, and a load uses the ones that start.
 */
import { RnnkitError } from '@rnnkit/core';
import { encodeModel, OnnxDataType } from '@rnnkit/onnx';
import * as ort from 'onnxruntime-node';

export type ExecutionProvider = string | { name: string; [option: string]: unknown };

export const providerName = (provider: ExecutionProvider): string =>
  typeof provider === 'string' ? provider : provider.name;

export const INSTALL_HINT =
  'see @rnnkit/onnxruntime-node README, "GPUs": CUDA needs onnxruntime-node installed with its CUDA libraries (onnxruntime-node-install=cuda12) and a CUDA 12 driver';

/** Names this onnxruntime-node was built with. */
export function builtProviders(): string[] {
  const list = (ort as { listSupportedBackends?: () => { name: string }[] }).listSupportedBackends;
  return list ? list().map((b) => b.name) : ['cpu'];
}

export function checkProviderNames(providers: readonly ExecutionProvider[]): void {
  if (!Array.isArray(providers) || providers.length === 0) {
    throw new RnnkitError('INVALID_INPUT', 'executionProviders must be a non-empty array', {
      path: 'executionProviders',
    });
  }
  const built = builtProviders();
  providers.forEach((provider, i) => {
    const name =
      typeof provider === 'string' || (typeof provider === 'object' && provider !== null)
        ? providerName(provider)
        : undefined;
    if (typeof name !== 'string' || !built.includes(name)) {
      throw new RnnkitError(
        'INVALID_INPUT',
        `executionProviders[${i}]: '${String(name ?? provider)}' is not a provider of this onnxruntime-node (it has: ${built.join(', ')})`,
        { path: `executionProviders[${i}]` },
      );
    }
  });
}

/** A one-node float model (Identity), to see whether a provider starts. */
function tinyModel(): Uint8Array {
  const value = { name: 'x', type: { elemType: OnnxDataType.FLOAT, shape: [1] } };
  return encodeModel({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: 'rnnkit',
    producerVersion: '0.1.0',
    domain: '',
    modelVersion: 0,
    docString: '',
    graph: {
      name: 'provider-check',
      node: [
        { name: 'id', opType: 'Identity', domain: '', input: ['x'], output: ['y'], attribute: [] },
      ],
      initializer: [],
      input: [value],
      output: [{ ...value, name: 'y' }],
      valueInfo: [],
    },
  });
}

const checked = new Map<string, Promise<string | undefined>>();

/** undefined if the provider starts here, else ORT's reason (first line). Cached per process. */
export function providerProblem(provider: ExecutionProvider): Promise<string | undefined> {
  const key = JSON.stringify(provider);
  let result = checked.get(key);
  if (!result) {
    result = (async () => {
      try {
        const session = await ort.InferenceSession.create(tinyModel(), {
          executionProviders: [provider as never],
          logSeverityLevel: 4,
        });
        await session.release();
        return undefined;
      } catch (error) {
        return (error instanceof Error ? error.message : String(error))
          .split('\n')[0]
          .slice(0, 300);
      }
    })();
    checked.set(key, result);
  }
  return result;
}
