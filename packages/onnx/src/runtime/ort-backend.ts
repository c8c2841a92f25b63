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
  RnnkitError,
  type Session,
  type SupportReport,
  unsupportedFeature,
  validateModel,
} from '@rnnkit/core';
import { exportForRuntime } from './export-for-runtime.js';
import { planFeeds } from './feed-plan.js';
import { OrtModelSession } from './ort-model-session.js';
import type { OrtModule, OrtSessionOptions } from './ort-module.js';
import { createOrtSession } from './ort-session.js';
import { ortSupport } from './ort-support.js';

export interface OrtBackendOptions {
  /** The `onnxruntime-node` or `onnxruntime-web` namespace (`import * as ort from '…'`). */
  ort: OrtModule;
  id: BackendId;
  /** ORT execution providers, in preference order (e.g. ['cpu'], ['wasm'], ['webgpu']). */
  executionProviders: readonly string[];
  /** Extra ORT session options (threads, optimisation level); executionProviders wins. */
  sessionOptions?: OrtSessionOptions;
  /** Runs before the first session is created (e.g. initialising a WebGPU adapter). */
  prepare?: () => Promise<void>;
}

export function createOrtBackend(options: OrtBackendOptions): Backend {
  const { ort, id } = options;
  const sessionOptions: OrtSessionOptions = {
    logSeverityLevel: 3,
    ...options.sessionOptions,
    executionProviders: [...options.executionProviders],
  };
  let prepared: Promise<void> | undefined;

  function supports(model: Model): SupportReport {
    return ortSupport(model.spec);
  }

  async function load(model: Model): Promise<Session> {
    validateModel(model);
    const report = ortSupport(model.spec);
    if (!report.supported) throw unsupportedFeature(id, report.feature!, report.reason);
    const bytes = await exportForRuntime(model, id);
    if (options.prepare) {
      prepared ??= options.prepare();
      await prepared;
    }
    const session = await createOrtSession(ort, bytes, sessionOptions, id);
    try {
      const plan = planFeeds(model.spec, session, id);
      return new OrtModelSession({
        ort,
        backend: id,
        spec: model.spec,
        session,
        plan,
        executionProvider: options.executionProviders[0],
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
