/**
 * `createOrtNodeBackend`: rnnkit models on onnxruntime-node's CPU execution provider
 * (backend id 'ort-node-cpu').
 */
import { availableParallelism } from 'node:os';
import { RnnkitError } from '@rnnkit/core';
import { createOrtBackend, type OrtBackend } from '@rnnkit/onnx';
import * as ort from 'onnxruntime-node';

export interface OrtNodeBackendOptions {
  /**
   * Threads ORT may use inside one operator (`intraOpNumThreads`). Default: every core
   * (`os.availableParallelism()`), which is what ORT itself picks for a CPU session.
   */
  threads?: number;
}

export function createOrtNodeBackend(options: OrtNodeBackendOptions = {}): OrtBackend {
  const threads = options.threads ?? availableParallelism();
  if (!Number.isInteger(threads) || threads < 1) {
    throw new RnnkitError(
      'INVALID_INPUT',
      `threads must be a positive integer, got ${String(options.threads)}`,
      {
        path: 'threads',
      },
    );
  }
  return createOrtBackend({
    ort,
    id: 'ort-node-cpu',
    executionProviders: ['cpu'],
    sessionOptions: { intraOpNumThreads: threads, interOpNumThreads: 1 },
    // The only provider registered, so every node runs there.
    placement: { onlyProvider: 'CPUExecutionProvider' },
  });
}
