/**
 * What every browser test needs (tfjs, tfjs training, rnnkit-wasm, onnxruntime-web, the
 * playground): Debian's Chromium with the flags ../shared/DESIGN.md fixes for running it headless
 * here, a localhost server for the test's bundle, and a page's result. It lives beside the
 * shared matrix (this folder is imported by the other packages' tests already) and is not
 * shipped. The flags are the CLI's (packages/cli/src/browser/chromium.ts, which its `--browser`
 * runs use), so the tests launch Chromium exactly as users of the CLI do.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../../cli/src/browser/chromium.js';

/** Debian's Chromium, or RNNKIT_CHROMIUM. */
export const CHROMIUM_PATH = process.env.RNNKIT_CHROMIUM ?? '/usr/bin/chromium';

/** Why the browser tests are skipped here, or undefined when they run (RNNKIT_BROWSER=0 skips). */
export function browserSkipReason(): string | undefined {
  if (process.env.RNNKIT_BROWSER === '0') return 'RNNKIT_BROWSER=0';
  if (!existsSync(CHROMIUM_PATH)) return `no Chromium at ${CHROMIUM_PATH}`;
  return undefined;
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

/** The prefix under which every file is also served cross-origin isolated. */
export const ISOLATED = '/isolated';

export interface FileServer {
  /** `http://localhost:<port>`: localhost is a secure context, which WebGPU needs. */
  origin: string;
  close(): Promise<void>;
}

/**
 * Serves each directory of `roots` (URL prefix, ending in '/', -> directory) on localhost. The
 * same files are served under `/isolated/...` with COOP + COEP headers, the cross-origin
 * isolation a deployed app needs for SharedArrayBuffer and so wasm threads. Paths that leave a
 * root are 404.
 */
export async function serveFiles(roots: Record<string, string>): Promise<FileServer> {
  const server = createServer((request, response) => {
    let path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const isolated = path.startsWith(`${ISOLATED}/`);
    if (isolated) path = path.slice(ISOLATED.length);
    const prefix = Object.keys(roots)
      .filter((candidate) => path.startsWith(candidate))
      .sort((a, b) => b.length - a.length)[0];
    const relative = prefix === undefined ? '..' : normalize(path.slice(prefix.length));
    if (prefix === undefined || relative.startsWith('..')) {
      response.writeHead(404).end();
      return;
    }
    readFile(join(roots[prefix], relative)).then(
      (body) => {
        response.writeHead(200, {
          'content-type': CONTENT_TYPES[extname(relative)] ?? 'application/octet-stream',
          ...(isolated
            ? {
                'cross-origin-opener-policy': 'same-origin',
                'cross-origin-embedder-policy': 'require-corp',
              }
            : {}),
        });
        response.end(body);
      },
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://localhost:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface OpenedPage {
  page: Page;
  /** Uncaught page errors seen so far. */
  problems: string[];
}

/**
 * Opens `url` and waits until the page sets `globalThis[flag]` (the pages here set `result`
 * when done, or `ready` when they take calls); a page that never does fails with its errors.
 */
export async function openPage(
  browser: Browser,
  url: string,
  flag = 'result',
  timeout = 90_000,
): Promise<OpenedPage> {
  const page = await browser.newPage();
  const problems: string[] = [];
  const consoleErrors: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await page.goto(url);
  await page
    .waitForFunction((name) => (globalThis as Record<string, unknown>)[name], flag, { timeout })
    .catch((error: Error) => {
      const seen = [...problems, ...consoleErrors];
      throw new Error(`${url}: no ${flag} (${seen.join('; ') || error.message})`);
    });
  return { page, problems };
}

/** Opens `url`, waits for `globalThis.result`, returns it and closes the page. */
export async function pageResult<T>(browser: Browser, url: string, timeout = 90_000): Promise<T> {
  const { page } = await openPage(browser, url, 'result', timeout);
  try {
    return (await page.evaluate(() => (globalThis as { result?: unknown }).result)) as T;
  } finally {
    await page.close();
  }
}
