/**
 * ort-web-wasm and ort-web-webgpu in a real browser: Debian's Chromium driven by playwright-core,
 * WebGPU on SwiftShader (CPU), page served from localhost (WebGPU needs a secure context). The
 * page bundle is built with esbuild from the sources; onnxruntime-web's files are served from the
 * installed package. Skipped, with the reason, where Chromium or playwright-core is missing or
 * RNNKIT_BROWSER=0. The whole Node matrix in the page (about a minute) runs with RNNKIT_BROWSER=1,
 * the switch the tfjs browser tests use.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageCaseResult, PageResult } from './page-entry.js';

const CHROMIUM = '/usr/bin/chromium';
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
  process.env.RNNKIT_BROWSER === '0'
    ? 'RNNKIT_BROWSER=0'
    : !existsSync(CHROMIUM)
      ? `no Chromium at ${CHROMIUM}`
      : !playwright
        ? 'playwright-core is not installed'
        : undefined;

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
};

describe.skipIf(skipReason !== undefined)(
  `onnxruntime-web in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    let server: http.Server;
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
      server = http.createServer(async (request, response) => {
        const url = new URL(request.url ?? '/', 'http://localhost');
        if (url.pathname === '/') {
          response.writeHead(200, { 'content-type': 'text/html' });
          response.end('<!doctype html><script type="module" src="/app/page-entry.js"></script>');
          return;
        }
        const [root, rest] = url.pathname.startsWith('/app/')
          ? [bundleDirectory, url.pathname.slice(5)]
          : url.pathname.startsWith('/ort/')
            ? [ortDist, url.pathname.slice(5)]
            : [undefined, ''];
        // Only files under the two served directories, whatever the request path says.
        const file = root === undefined ? undefined : path.join(root, path.normalize(rest));
        if (root === undefined || file === undefined || !file.startsWith(root)) {
          response.writeHead(404).end();
          return;
        }
        try {
          const body = await readFile(file);
          response.writeHead(200, {
            'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
          });
          response.end(body);
        } catch {
          response.writeHead(404).end();
        }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      origin = `http://localhost:${(server.address() as AddressInfo).port}`;
      browser = await playwright!.chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless=new',
          '--no-sandbox',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          '--enable-unsafe-webgpu',
          '--enable-unsafe-swiftshader',
          '--use-webgpu-adapter=swiftshader',
          '--use-angle=swiftshader',
        ],
      });
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await new Promise((resolve) => server?.close(resolve));
    });

    async function inPage<T>(
      fn: 'runPage' | 'runMatrix',
      executionProvider: 'wasm' | 'webgpu',
    ): Promise<T> {
      const page = await browser.newPage();
      page.on('console', (message) => pageLog.push(`${message.type()}: ${message.text()}`));
      page.on('pageerror', (error) => pageLog.push(`pageerror: ${error}`));
      try {
        await page.goto(`${origin}/`);
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
