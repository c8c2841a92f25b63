/**
 * `createOrtBackend`: the Backend shared by @rnnkit/onnxruntime-node and @rnnkit/onnxruntime-web,
 * parameterised by the ORT namespace they import. `load` validates the model, refuses what ORT
 * cannot run the spec's way, exports it to ONNX once (with per-layer state inputs and outputs for
 * streaming) and creates one InferenceSession that every run reuses.
 */
import {
  type Backend,
  type BackendId,
  type Model,
  nameRecord,
  RnnkitError,
  type SupportReport,
  unsupportedFeature,
  validateModel,
} from '@rnnkit/core';
import { exportForRuntime } from './export-for-runtime.js';
import { planFeeds } from './feed-plan.js';
import { OrtModelSession } from './ort-model-session.js';
import type { OrtInferenceSession, OrtModule, OrtSessionOptions } from './ort-module.js';
import { createOrtSession } from './ort-session.js';
import { ortSupport, type ProviderLimits } from './ort-support.js';
import { withPlacementLog } from './placement.js';
import { probeFeeds } from './probe-feeds.js';

/**
 * Learns where ORT placed each node by running the new session once (batch 1, one step of
 * zeros) with something recording it, for runtimes whose placement log is out of reach
 * (onnxruntime-node logs natively to stderr): onnxruntime-node's profiler records the provider
 * of every node it runs.
 */
export interface PlacementProbe {
  /** Extra options for one session (e.g. profiling into a fresh directory). */
  sessionOptions(): Promise<OrtSessionOptions>;
  /** Called after the probe run: ONNX node name -> ORT provider name. */
  read(session: OrtInferenceSession, options: OrtSessionOptions): Promise<Map<string, string>>;
}

export interface OrtBackendOptions {
  /**
   * The `onnxruntime-node` or `onnxruntime-web` namespace (`import * as ort from '…'`), or a function
   * that imports it on first load (the WebGPU build is large and browser-only).
   */
  ort: OrtModule | (() => Promise<OrtModule>);
  id: BackendId;
  /** ORT execution providers, in preference order (e.g. ['cpu'], ['wasm'], ['webgpu']). */
  executionProviders: readonly string[];
  /** Extra ORT session options (threads, optimisation level); executionProviders wins. */
  sessionOptions?: OrtSessionOptions;
  /** Runs once before the first session is created (wasm paths, WebGPU adapter checks). */
  prepare?: (ort: OrtModule) => Promise<void>;
  /**
   * Where the recurrent nodes run. Either the one provider the session has (ORT's name, e.g.
   * 'CPUExecutionProvider': onnxruntime-node's cpu and onnxruntime-web's wasm are both ORT's CPU
   * kernels), or 'from-log': read ORT's node placements from its console log at load, for
   * providers that silently fall back to the CPU for operators they lack (WebGPU); or a probe
   * run (see PlacementProbe).
   */
  placement: { onlyProvider: string } | 'from-log' | { probe: PlacementProbe };
  /** Extra refusals for this provider's kernels (see ProviderLimits). */
  limits?: ProviderLimits;
  /** What `session.executionProvider` reports. Default: the first of `executionProviders`. */
  executionProviderName?: string;
}

/** A Backend whose sessions also say which ORT execution provider they use. */
export interface OrtBackend extends Backend {
  load(model: Model): Promise<OrtModelSession>;
}

export function createOrtBackend(options: OrtBackendOptions): OrtBackend {
  const { id } = options;
  const sessionOptions: OrtSessionOptions = {
    logSeverityLevel: 3,
    ...options.sessionOptions,
    executionProviders: [...options.executionProviders],
  };
  let runtime: Promise<OrtModule> | undefined;

  // Once per backend: a failed import or preparation is reported to every load, not retried,
  // because ORT's own initialisation cannot be retried in the same process either.
  function loadRuntime(): Promise<OrtModule> {
    runtime ??= (async () => {
      try {
        const ort = typeof options.ort === 'function' ? await options.ort() : options.ort;
        if (options.prepare) await options.prepare(ort);
        return ort;
      } catch (error) {
        if (RnnkitError.isInstance(error)) throw error;
        throw new RnnkitError(
          'BACKEND_UNAVAILABLE',
          `${id}: ONNX Runtime could not start: ${String(error)}`,
          {
            backend: id,
            cause: error,
          },
        );
      }
    })();
    return runtime;
  }

  function supports(model: Model): SupportReport {
    return ortSupport(model.spec, options.limits);
  }

  async function load(model: Model): Promise<OrtModelSession> {
    validateModel(model);
    const report = ortSupport(model.spec, options.limits);
    if (!report.supported) throw unsupportedFeature(id, report.feature!, report.reason);
    const { bytes, recurrentNodes } = exportForRuntime(model, id);
    const ort = await loadRuntime();
    let session: OrtInferenceSession;
    const recurrentPlacement: Record<string, string> = nameRecord();
    if (options.placement === 'from-log') {
      const logged = await withPlacementLog(() =>
        createOrtSession(
          ort,
          bytes,
          { ...sessionOptions, logSeverityLevel: 0, logVerbosityLevel: 0 },
          id,
        ),
      );
      session = logged.result;
      for (const [node, layer] of recurrentNodes) {
        recurrentPlacement[layer] =
          logged.placements.get(node) ?? logged.placements.get('*') ?? 'unknown';
      }
    } else if ('probe' in options.placement) {
      const { probe } = options.placement;
      const extra = await probe.sessionOptions();
      session = await createOrtSession(ort, bytes, { ...sessionOptions, ...extra }, id);
      try {
        await session.run(probeFeeds(ort, model.spec));
        const placements = await probe.read(session, extra);
        for (const [node, layer] of recurrentNodes)
          recurrentPlacement[layer] = placements.get(node) ?? 'unknown';
      } catch (error) {
        await session.release();
        throw RnnkitError.isInstance(error)
          ? error
          : new RnnkitError(
              'INTERNAL',
              `${id}: could not learn where ORT runs the nodes: ${String(error)}`,
              {
                backend: id,
                cause: error,
              },
            );
      }
    } else {
      session = await createOrtSession(ort, bytes, sessionOptions, id);
      for (const layer of recurrentNodes.values())
        recurrentPlacement[layer] = options.placement.onlyProvider;
    }
    try {
      const plan = planFeeds(model.spec, session, id);
      return new OrtModelSession({
        ort,
        backend: id,
        spec: model.spec,
        session,
        plan,
        executionProvider: options.executionProviderName ?? options.executionProviders[0],
        recurrentPlacement,
        runOptions: options.placement === 'from-log' ? { logSeverityLevel: 3 } : undefined,
      });
    } catch (error) {
      await session.release();
      throw RnnkitError.isInstance(error)
        ? error
        : new RnnkitError('INTERNAL', `${id}: ${String(error)}`, { backend: id, cause: error });
    }
  }

  return { id, supports, load };
}
