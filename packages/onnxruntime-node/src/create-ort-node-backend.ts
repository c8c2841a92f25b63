/**
 * `createOrtNodeBackend`: rnnkit models on onnxruntime-node (backend id 'ort-node-cpu'), on its
 * CPU execution provider or, when asked, on CUDA, TensorRT or WebGPU.
 */
import { availableParallelism } from 'node:os';
import { type Model, RnnkitError } from '@rnnkit/core';
import { createOrtBackend, type OrtBackend, type OrtModelSession } from '@rnnkit/onnx';
import * as ort from 'onnxruntime-node';
import {
  checkProviderNames,
  type ExecutionProvider,
  INSTALL_HINT,
  providerName,
  providerProblem,
} from './execution-providers.js';
import { profilePlacement } from './profile-placement.js';

export interface OrtNodeBackendOptions {
  /**
   * Threads ORT may use inside one operator (`intraOpNumThreads`). Default: every core
   * (`os.availableParallelism()`), which is what ORT itself picks for a CPU session.
   */
  threads?: number;
  /**
   * ORT execution providers in order of preference, as ORT takes them: names ('cuda',
   * 'tensorrt', 'webgpu', 'cpu', ...) or objects with provider options
   * (`{ name: 'cuda', deviceId: 1 }`). Default ['cpu'].
   * A provider that cannot start here (no CUDA libraries, no GPU) is skipped when a later one
   * can (list 'cpu' last to fall back to the CPU) and recorded in `session.skippedProviders`;
   * when none can start, `load` refuses with BACKEND_UNAVAILABLE and ORT's reasons.
   */
  executionProviders?: readonly ExecutionProvider[];
}

export interface SkippedProvider {
  name: string;
  reason: string;
}

/** A session that also says which providers were asked for but could not start. */
export type OrtNodeModelSession = OrtModelSession & {
  readonly skippedProviders: readonly SkippedProvider[];
};

export interface OrtNodeBackend extends OrtBackend {
  load(model: Model): Promise<OrtNodeModelSession>;
}

export function createOrtNodeBackend(options: OrtNodeBackendOptions = {}): OrtNodeBackend {
  const threads = options.threads ?? availableParallelism();
  if (!Number.isInteger(threads) || threads < 1) {
    throw new RnnkitError(
      'INVALID_INPUT',
      `threads must be a positive integer, got ${String(options.threads)}`,
      { path: 'threads' },
    );
  }
  const requested = options.executionProviders ?? ['cpu'];
  checkProviderNames(requested);
  const sessionOptions = { intraOpNumThreads: threads, interOpNumThreads: 1 };
  const cpuOnly = requested.every((p) => providerName(p) === 'cpu');

  const cpuBackend = createOrtBackend({
    ort,
    id: 'ort-node-cpu',
    executionProviders: ['cpu'],
    sessionOptions,
    // The only provider registered, so every node runs there.
    placement: { onlyProvider: 'CPUExecutionProvider' },
  });
  if (cpuOnly) {
    return {
      ...cpuBackend,
      load: async (model) => Object.assign(await cpuBackend.load(model), { skippedProviders: [] }),
    };
  }

  // One shared backend per set of providers that start (the set is the same for every load
  // of this process, but is only known after the first check).
  let chosen: Promise<{ backend: OrtBackend; skipped: SkippedProvider[] }> | undefined;
  const choose = () => {
    chosen ??= (async () => {
      const usable: ExecutionProvider[] = [];
      const skipped: SkippedProvider[] = [];
      for (const provider of requested) {
        const problem = await providerProblem(provider);
        if (problem === undefined) usable.push(provider);
        else skipped.push({ name: providerName(provider), reason: problem });
      }
      if (usable.length === 0) {
        throw new RnnkitError(
          'BACKEND_UNAVAILABLE',
          `ort-node-cpu: none of the execution providers ${requested.map(providerName).join(', ')} can start here (${skipped
            .map((s) => `${s.name}: ${s.reason}`)
            .join('; ')}); ${INSTALL_HINT}`,
          { backend: 'ort-node-cpu', feature: skipped.map((s) => s.name).join(', ') },
        );
      }
      const backend = createOrtBackend({
        ort,
        id: 'ort-node-cpu',
        executionProviders: usable as string[],
        executionProviderName: providerName(usable[0]),
        sessionOptions,
        // A GPU provider runs only the nodes it has kernels for and ORT gives the rest to the
        // CPU; one probe run under ORT's profiler says which provider ran each recurrent node.
        placement: { probe: profilePlacement },
      });
      return { backend, skipped };
    })();
    return chosen;
  };

  return {
    id: 'ort-node-cpu',
    // What ORT can compute the spec's way does not depend on the provider (ORT's GPU providers
    // hand operators they lack to the CPU).
    supports: (model) => cpuBackend.supports(model),
    async load(model) {
      const { backend, skipped } = await choose();
      return Object.assign(await backend.load(model), { skippedProviders: skipped });
    },
  };
}
