import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserSkipReason,
  type FileServer,
  launchChromium,
  serveFiles,
} from '../../../tfjs/src/test-support/chromium.js';
import type { PageCaseResult, PageResult } from './page-entry.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repository = path.resolve(here, '../../../..');
const ortDist = path.join(repository, 'node_modules/onnxruntime-web/dist');
const bundleDirectory = path.join(tmpdir(), `rnnkit-ort-web-browser-${process.pid}`);

async function loadPlaywright(): Promise<typeof import('playwright-core') | undefined> {
  try {
    return await import('playwright-core');
  } catch {
    return undefined;
  }
}

const playwright = await loadPlaywright();
const fullMatrix = process.env.RNNKIT_BROWSER === '1';
const skipReason =
  browserSkipReason() ?? (playwright ? undefined : 'playwright-core is not installed');

describe.skipIf(skipReason !== undefined)(
  `onnxruntime-web in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    let server: FileServer | undefined;
    let browser: import('playwright-core').Browser;
    let origin = '';
    const pageLog: string[] = [];

    beforeAll(async () => {
      const esbuild = await import('esbuild');
      await esbuild.build({
        entryPoints: [path.join(here, 'page-entry.ts')],
        bundle: true,
        format: 'esm',
        splitting: true,
        platform: 'browser',
        outdir: bundleDirectory,
        logLevel: 'error',
        alias: {
          '@rnnkit/core': path.join(repository, 'packages/core/src/index.ts'),
          '@rnnkit/onnx': path.join(repository, 'packages/onnx/src/index.ts'),
        },
      });
      await writeFile(
        path.join(bundleDirectory, 'index.html'),
        '<!doctype html><script type="module" src="/app/page-entry.js"></script>',
      );
      server = await serveFiles({ '/app/': bundleDirectory, '/ort/': ortDist });
      origin = server.origin;
      browser = await launchChromium();
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    async function inPage<T>(
      fn: 'runPage' | 'runMatrix',
      executionProvider: 'wasm' | 'webgpu',
    ): Promise<T> {
      const page = await browser.newPage();
      page.on('console', (message) => pageLog.push(`${message.type()}: ${message.text()}`));
      page.on('pageerror', (error) => pageLog.push(`pageerror: ${error}`));
      try {
        await page.goto(`${origin}/app/index.html`);
        await page.waitForFunction(
          () => typeof (globalThis as { runPage?: unknown }).runPage === 'function',
        );
        return await page.evaluate(
          ([name, provider, base]) =>
            (globalThis as unknown as Record<string, (p: string, b: string) => Promise<T>>)[name](
              provider,
              base,
            ),
          [fn, executionProvider, `${origin}/ort/`] as const,
        );
      } finally {
        await page.close();
      }
    }

    function expectAllWithinTolerance(result: PageResult): void {
      expect(result.error, result.error).toBeUndefined();
      expect(result.cases.length).toBeGreaterThan(5);
      for (const entry of result.cases) {
        expect(entry.error, `${entry.name}: ${entry.error}`).toBeUndefined();
        expect(entry.worstExcess, `${entry.name} output`).toBeLessThanOrEqual(0);
        expect(entry.streamingExcess, `${entry.name} streamed state`).toBeLessThanOrEqual(0);
      }
    }

    it('ort-web-wasm matches the reference executor', async () => {
      const result = await inPage<PageResult>('runPage', 'wasm');
      expectAllWithinTolerance(result);
      expect(result.executionProvider).toBe('wasm');
      for (const entry of result.cases) {
        for (const provider of Object.values(entry.placement ?? {}))
          expect(provider).toBe('CPUExecutionProvider');
      }
    }, 120_000);

    it('ort-web-webgpu matches the reference executor, and says where the recurrent nodes ran', async () => {
      const result = await inPage<PageResult>('runPage', 'webgpu');
      expectAllWithinTolerance(result);
      expect(result.executionProvider).toBe('webgpu');
      const byCase = Object.fromEntries(result.cases.map((entry) => [entry.name, entry.placement]));
      // Read from ORT's own node-placement log: its WebGPU provider has LSTM and GRU kernels,
      // and leaves the plain RNN operator to the CPU.
      expect(byCase['lstm bidirectional sequence']).toEqual({ rnn: 'WebGpuExecutionProvider' });
      expect(byCase['gru resetAfter']).toEqual({ rnn: 'WebGpuExecutionProvider' });
      expect(byCase.simpleRnn).toEqual({ rnn: 'CPUExecutionProvider' });
    }, 120_000);

    for (const provider of ['wasm', 'webgpu'] as const) {
      it.skipIf(!fullMatrix)(
        `ort-web-${provider} passes the whole Node matrix against the reference executor${fullMatrix ? '' : ' (set RNNKIT_BROWSER=1)'}`,
        async () => {
          const results = await inPage<PageCaseResult[]>('runMatrix', provider);
          expect(results.length).toBeGreaterThan(60);
          // WebGPU's LSTM/GRU kernels have only sigmoid, tanh and relu; the backend refuses the rest.
          const refused =
            provider === 'webgpu' ? results.filter((r) => r.error?.includes('on WebGPU')) : [];
          expect(refused.map((r) => r.name).sort()).toEqual(
            provider === 'webgpu'
              ? [
                  'activation: gru elu + affine-free sigmoid',
                  'activation: gru linear',
                  'activation: lstm hardSigmoid gates (Keras 2)',
                  'activation: lstm softsign + scaledTanh',
                ]
              : [],
          );
          const failures = results.filter(
            (r) => !refused.includes(r) && (r.error !== undefined || !(r.worstExcess! <= 0)),
          );
          expect(failures.map((r) => `${r.name}: ${r.error ?? r.worstExcess}`)).toEqual([]);
        },
        300_000,
      );
    }
  },
);
