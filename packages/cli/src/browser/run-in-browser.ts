/**
 * The browser runner: serves the conformance page on localhost, drives Debian's Chromium with
 * playwright-core, and runs the same cases on every browser backend inside the page.
 * Each backend gets a fresh page, so one backend's crash or GPU state cannot touch another's.
 */
import type { BackendId } from '@rnnkit/core';
import { chromium } from 'playwright-core';
import type { MatrixBackend, MatrixCase, MatrixCell } from '../conformance/matrix.js';
import { bundlePage } from './bundle-page.js';
import { casesToWire } from './case-wire.js';
import { CHROMIUM_ARGS, chromiumPath } from './chromium.js';
import type { PageRunResult } from './page-entry.js';
import { startPageServer } from './static-server.js';

const SLICE = 25;
/** A slice of cases that has not finished by then is an error, not a hung CI run. */
const SLICE_TIMEOUT_MS = 5 * 60_000;

function withTimeout<T>(promise: Promise<T>, milliseconds: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not finish in ${milliseconds / 1000} s`)),
      milliseconds,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface BrowserRunResult {
  backends: MatrixBackend[];
  cells: MatrixCell[];
  /** The browser and what the page could use (cross-origin isolation for wasm threads, cores). */
  environment?: string;
}

export async function runInBrowser(
  cases: readonly MatrixCase[],
  backendIds: readonly BackendId[],
  onCell?: (done: number, total: number, label: string) => void,
): Promise<BrowserRunResult> {
  const executablePath = chromiumPath();
  const skipAll = (reason: string): BrowserRunResult => ({
    backends: backendIds.map((id) => ({ id, environment: 'browser', unavailable: reason })),
    cells: backendIds.flatMap((id) => cases.map((c) => skipped(c.id, id, reason))),
  });
  if (!executablePath) return skipAll('no Chromium found (apt-get install chromium)');

  const server = await startPageServer(await bundlePage(), casesToWire(cases));
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  const result: BrowserRunResult = { backends: [], cells: [] };
  const total = cases.length * backendIds.length;
  try {
    for (const id of backendIds) {
      const page = await browser.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      try {
        await page.goto(server.url);
        await page.waitForFunction(() => 'rnnkitConformance' in globalThis, undefined, {
          timeout: 30_000,
        });
        result.environment ??= `Chromium ${browser.version()} (${await page.evaluate(() =>
          (
            globalThis as unknown as { rnnkitConformance: { isolation: () => string } }
          ).rnnkitConformance.isolation(),
        )})`;
        let unavailable: string | undefined;
        for (let from = 0; from < cases.length && !unavailable; from += SLICE) {
          const slice = (await withTimeout(
            page.evaluate(
              ([backend, start, end]) =>
                (
                  globalThis as unknown as {
                    rnnkitConformance: { run: (...a: unknown[]) => Promise<PageRunResult> };
                  }
                ).rnnkitConformance.run(backend, start, end),
              [id, from, from + SLICE] as const,
            ),
            SLICE_TIMEOUT_MS,
            `cases ${from} to ${from + SLICE - 1} on ${id}`,
          )) as PageRunResult;
          unavailable = slice.unavailable;
          result.cells.push(...slice.cells);
          onCell?.(result.cells.length, total, `${id} (browser)`);
        }
        result.backends.push({ id, environment: 'browser', unavailable });
        if (unavailable)
          result.cells.push(
            ...cases.map((c) => skipped(c.id, id, `backend unavailable: ${unavailable}`)),
          );
      } catch (error) {
        const reason = `${error instanceof Error ? error.message.split('\n')[0] : String(error)}${pageErrors.length ? ` (page: ${pageErrors[0]})` : ''}`;
        result.backends.push({ id, environment: 'browser', unavailable: reason });
        const done = new Set(result.cells.filter((c) => c.backend === id).map((c) => c.caseId));
        result.cells.push(
          ...cases
            .filter((c) => !done.has(c.id))
            .map((c) => errored(c.id, id, `browser run failed: ${reason}`)),
        );
      } finally {
        await page.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return result;
}

function skipped(caseId: string, backend: BackendId, reason: string): MatrixCell {
  return {
    caseId,
    backend,
    environment: 'browser',
    status: 'skip',
    maxAbsError: Number.NaN,
    reason,
    milliseconds: 0,
  };
}

function errored(caseId: string, backend: BackendId, reason: string): MatrixCell {
  return {
    caseId,
    backend,
    environment: 'browser',
    status: 'error',
    maxAbsError: Number.NaN,
    reason,
    milliseconds: 0,
  };
}
