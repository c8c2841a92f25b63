/**
 * Execution providers other than the CPU. These machines have no GPU and no CUDA libraries, so
 * what can be tested here is the refusal, the fallback to a listed 'cpu', and the placement read
 * from ORT's profiler (CPU here); a CUDA run itself is not tested.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  createReferenceBackend,
  gruLanguageModelSpec,
  initializeWeights,
  int32Tensor,
  sentimentLstmSpec,
  TOLERANCES,
} from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { createOrtNodeBackend, placementsFromProfile } from './index.js';

// Where onnxruntime-node keeps its provider libraries; CUDA's is there only after installing
// onnxruntime-node with its CUDA libraries (see the README).
const ortBin = join(
  dirname(createRequire(import.meta.url).resolve('onnxruntime-node')),
  '..',
  'bin',
  'napi-v6',
  process.platform,
  process.arch,
);
const cudaInstalled = existsSync(join(ortBin, 'libonnxruntime_providers_cuda.so'));

const spec = sentimentLstmSpec({ vocabularySize: 40, embeddingDim: 8, units: 8 });
const model = { spec, weights: initializeWeights(spec, { seed: 11 }) };

describe('executionProviders', () => {
  it('refuses names this onnxruntime-node does not have, at creation', () => {
    for (const executionProviders of [['cuda', 'gpu'], [], [42]] as never[]) {
      expect(() => createOrtNodeBackend({ executionProviders })).toThrow(
        expect.objectContaining({ code: 'INVALID_INPUT' }),
      );
    }
    expect(() => createOrtNodeBackend({ executionProviders: ['coreml'] })).toThrow(
      /executionProviders\[0\]: 'coreml' is not a provider of this onnxruntime-node \(it has: cpu/,
    );
  });

  it.skipIf(cudaInstalled)(
    'CUDA alone, without its libraries: BACKEND_UNAVAILABLE with the reason and the way to install',
    async () => {
      const backend = createOrtNodeBackend({ executionProviders: ['cuda'] });
      const error = await backend.load(model).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({
        code: 'BACKEND_UNAVAILABLE',
        backend: 'ort-node-cpu',
        feature: 'cuda',
      });
      expect(String((error as Error).message)).toMatch(/cuda: .*shared library/i);
      expect(String((error as Error).message)).toContain('README');
    },
  );

  it.skipIf(cudaInstalled)(
    'CUDA then CPU: falls back to the CPU, says so, and computes the same',
    async () => {
      const session = await createOrtNodeBackend({
        executionProviders: [{ name: 'cuda', deviceId: 0 }, 'cpu'],
        threads: 1,
      }).load(model);
      expect(session.executionProvider).toBe('cpu');
      expect(session.skippedProviders.map((s) => s.name)).toEqual(['cuda']);
      // Read from ORT's own profile of a probe run, not assumed.
      expect(session.recurrentPlacement).toEqual({ lstm: 'CPUExecutionProvider' });
      const tokens = int32Tensor([2, 3], [1, 5, 9, 39, 2, 0]);
      const { outputs } = await session.run({ tokens });
      await session.dispose();
      const expected = (await (await createReferenceBackend().load(model)).run({ tokens })).outputs;
      const { atol, rtol } = TOLERANCES['ort-node-cpu'];
      const e = expected.probability.data;
      outputs.probability.data.forEach((value, i) => {
        expect(Math.abs(Number(value) - Number(e[i]))).toBeLessThanOrEqual(
          atol + rtol * Math.abs(Number(e[i])),
        );
      });
    },
  );

  it('every recurrent layer gets the provider ORT profiled for its node', async () => {
    const lm = gruLanguageModelSpec({ vocabularySize: 30, embeddingDim: 4, units: 6 });
    const session = await createOrtNodeBackend({ executionProviders: ['webgpu', 'cpu'] }).load({
      spec: lm,
      weights: initializeWeights(lm, { seed: 2 }),
    });
    // No WebGPU adapter on these machines (headless, no Vulkan): skipped with ORT's reason.
    expect(session.skippedProviders).toEqual([
      { name: 'webgpu', reason: expect.stringMatching(/adapter/i) },
    ]);
    expect(session.recurrentPlacement).toEqual({ gru: 'CPUExecutionProvider' });
    await session.dispose();
  });

  it('placementsFromProfile reads node events only', () => {
    const placements = placementsFromProfile([
      { cat: 'Session', name: 'model_run' },
      { cat: 'Node', name: 'GRU_3_kernel_time', args: { provider: 'CUDAExecutionProvider' } },
      { cat: 'Node', name: 'GRU_3_fence_before', args: { provider: 'CUDAExecutionProvider' } },
      { cat: 'Node', name: 'Gather_1_kernel_time', args: { provider: 'CPUExecutionProvider' } },
    ]);
    expect([...placements]).toEqual([
      ['GRU_3', 'CUDAExecutionProvider'],
      ['Gather_1', 'CPUExecutionProvider'],
    ]);
  });
});
