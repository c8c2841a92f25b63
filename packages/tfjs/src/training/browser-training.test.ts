/**
 * Training in Chromium (wherever /usr/bin/chromium exists; RNNKIT_BROWSER=0 skips it): bundles
 * the package's main entry with esbuild, serves it from localhost (WebGPU needs a secure
 * context) and, in headless Chromium (SwiftShader), runs on tfjs-webgl and tfjs-webgpu (and
 * tfjs-wasm, the browser build) a subset of core's PyTorch trajectory fixtures (one per
 * optimizer, the losses rotating) and every gradient fixture, compared in Node with PyTorch's
 * float64 values at each backend's tolerance from core's table.
 */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toleranceFor } from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import {
  browserSkipReason,
  launchChromium,
  openPage,
  serveFiles,
} from '../test-support/chromium.js';
import { expectValuesClose } from './test-support/expect-values.js';
import { fixtureText } from './test-support/pytorch-fixtures.js';

const enabled = browserSkipReason() === undefined;
const BACKENDS = ['wasm', 'webgl', 'webgpu'] as const;

interface CaseJson {
  name: string;
  losses?: number[];
  finalWeights?: Record<string, number[]>;
  expectedLoss?: number;
  gradients?: Record<string, number[]>;
  config?: { optimizer: unknown };
}

/** One trajectory per optimizer configuration (8 + the glue layers' Adam), each with a different loss. */
function trajectorySubset(): CaseJson[] {
  const cases: CaseJson[] = JSON.parse(fixtureText('trajectories.json')).cases;
  const seen = new Map<string, number>();
  return cases.filter((c) => {
    const key = JSON.stringify(c.config?.optimizer);
    const index = cases.filter((d) => JSON.stringify(d.config?.optimizer) === key).indexOf(c);
    const optimizerIndex = seen.get(key) ?? seen.size;
    seen.set(key, optimizerIndex);
    return index === optimizerIndex % 5;
  });
}

const PAGE = `import { createTfjsTrainingEngine } from './index.js';
const toTensor = (t) => ({ dtype: t.dtype === 'int32' ? 'int32' : 'float64', shape: t.shape,
  data: t.dtype === 'int32' ? Int32Array.from(t.data) : Float64Array.from(t.data) });
const modelOf = (c) => ({ spec: c.spec, weights: new Map(Object.entries(c.weights).map(([n, w]) =>
  [n, { shape: w.shape, data: Float32Array.from(w.data) }])) });
const batchOf = (c) => ({ inputs: Object.fromEntries(Object.entries(c.inputs).map(([n, t]) => [n, toTensor(t)])),
  targets: toTensor(c.targets) });
window.runTraining = async (backend, trajectories, gradients) => {
  const engine = createTfjsTrainingEngine({ backend, wasmPaths: '/wasm/' });
  const out = { trajectories: {}, gradients: {} };
  for (const c of trajectories) {
    try {
      const trainer = await engine.createTrainer(modelOf(c), c.config);
      const losses = [];
      for (let i = 0; i < c.losses.length; i++) losses.push((await trainer.trainStep(batchOf(c))).loss);
      const weights = (await trainer.getModel()).weights;
      out.trajectories[c.name] = { losses, weights: Object.fromEntries([...weights].map(([n, w]) => [n, Array.from(w.data)])) };
      await trainer.dispose();
    } catch (e) { out.trajectories[c.name] = String(e.code ?? '') + ' ' + e.message; }
  }
  for (const c of gradients) {
    try {
      const config = { format: 'rnnkit-training', formatVersion: 1, loss: c.loss,
        optimizer: { name: 'sgd', learningRate: 0.1 }, batchSize: 1, epochs: 1 };
      const trainer = await engine.createTrainer(modelOf(c), config);
      const { loss, gradients: g } = await trainer.computeGradients(batchOf(c));
      out.gradients[c.name] = { loss, gradients: Object.fromEntries([...g].map(([n, v]) => [n, Array.from(v)])) };
      await trainer.dispose();
    } catch (e) { out.gradients[c.name] = String(e.code ?? '') + ' ' + e.message; }
  }
  return out;
};
window.ready = true;
`;

describe.runIf(enabled)('training in Chromium', () => {
  it('follows PyTorch trajectories and gradients on tfjs-wasm, -webgl and -webgpu', async () => {
    const esbuild = await import('esbuild');
    const here = dirname(fileURLToPath(import.meta.url));
    const out = mkdtempSync(join(tmpdir(), 'rnnkit-tfjs-training-browser-'));
    await esbuild.build({
      entryPoints: [join(here, '../index.ts')],
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      outdir: out,
      alias: { '@rnnkit/core': join(here, '../../../core/src/index.ts') },
      external: ['node:*'],
      logLevel: 'warning',
    });
    const wasmDist = dirname(
      createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'),
    );
    mkdirSync(join(out, 'wasm'));
    for (const f of [
      'tfjs-backend-wasm.wasm',
      'tfjs-backend-wasm-simd.wasm',
      'tfjs-backend-wasm-threaded-simd.wasm',
    ])
      copyFileSync(join(wasmDist, f), join(out, 'wasm', f));
    writeFileSync(join(out, 'page.js'), PAGE);
    writeFileSync(join(out, 'index.html'), '<script type="module" src="page.js"></script>');
    const server = await serveFiles({ '/': out });
    const browser = await launchChromium();
    try {
      const trajectories = trajectorySubset();
      // 8 optimizer settings of the optimizer x loss grid, and the glue layers' Adam setting.
      expect(trajectories.length).toBe(9);
      const gradients: CaseJson[] = JSON.parse(fixtureText('gradients.json')).cases;
      const { page, problems } = await openPage(
        browser,
        `${server.origin}/index.html`,
        'ready',
        60_000,
      );
      for (const backend of BACKENDS) {
        const tolerance = toleranceFor(`tfjs-${backend}`);
        const result = (await page.evaluate(
          ([b, t, g]) =>
            (
              window as unknown as { runTraining: (...a: unknown[]) => Promise<unknown> }
            ).runTraining(b, t, g),
          [backend, trajectories, gradients] as const,
        )) as {
          trajectories: Record<
            string,
            string | { losses: number[]; weights: Record<string, number[]> }
          >;
          gradients: Record<string, string | { loss: number; gradients: Record<string, number[]> }>;
        };
        for (const c of trajectories) {
          const got = result.trajectories[c.name];
          expect(typeof got, `${backend} ${c.name}: ${got}`).toBe('object');
          if (typeof got === 'string') continue;
          expectValuesClose(got.losses, c.losses ?? [], tolerance, `${backend} ${c.name} losses`);
          for (const [name, expected] of Object.entries(c.finalWeights ?? {}))
            expectValuesClose(
              got.weights[name],
              expected,
              tolerance,
              `${backend} ${c.name} ${name}`,
            );
        }
        for (const c of gradients) {
          const got = result.gradients[c.name];
          expect(typeof got, `${backend} ${c.name}: ${got}`).toBe('object');
          if (typeof got === 'string') continue;
          expectValuesClose(
            [got.loss],
            [c.expectedLoss ?? Number.NaN],
            tolerance,
            `${backend} ${c.name} loss`,
          );
          for (const [name, expected] of Object.entries(c.gradients ?? {}))
            expectValuesClose(
              got.gradients[name],
              expected,
              tolerance,
              `${backend} ${c.name} d${name}`,
            );
        }
      }
      expect(problems).toEqual([]);
      await page.close();
    } finally {
      await browser.close();
      await server.close();
    }
  }, 600_000);
});
