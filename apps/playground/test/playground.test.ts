/**
 * The playground page in Debian's Chromium (playwright-core, DESIGN.md's flags): the example
 * model, dropped ONNX / Keras .h5 / rnnkit spec files, every browser backend checked in the page
 * against the reference executor, token-by-token generation. Screenshots go to test-results/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initializeWeights, saveModel, sentimentLstmSpec } from '@rnnkit/core';
import { writeTfjsLayersModel } from '@rnnkit/keras';
import { exportOnnx } from '@rnnkit/onnx';
import { writeTorchStateDict } from '@rnnkit/torch';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserSkipReason,
  launchChromium,
} from '../../../packages/tfjs/src/test-support/chromium.js';
import { serveDist } from './serve-dist.js';

const app = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(app, 'dist');
const shots = join(app, 'test-results');
const keras = join(app, '../../packages/keras/src/__fixtures__/independent/keras3_legacy.h5');

interface PageState {
  format?: string;
  results?: { id: string; status: string; reason?: string; maxAbsError?: number; runMs?: number }[];
  generation?: { tokens: number[]; pass: boolean; maxAbsError: number };
  error?: string;
  busy: boolean;
}

const pageState = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { rnnkitPlayground: PageState }).rnnkitPlayground);

let browser: Browser;
let server: Awaited<ReturnType<typeof serveDist>>;

beforeAll(async () => {
  if (!existsSync(join(dist, 'index.html')))
    throw new Error(
      'apps/playground/dist is missing: run `npm run build` in apps/playground first',
    );
  mkdirSync(shots, { recursive: true });
  server = await serveDist(dist);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openPage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(server.url);
  await page.waitForFunction(() => 'rnnkitPlayground' in globalThis);
  expect(errors).toEqual([]);
  return page;
}

/** Runs every backend in the page and returns its verdicts. */
async function runAll(page: Page) {
  await page.click('#run');
  await page.waitForFunction(
    () => {
      const s = (globalThis as unknown as { rnnkitPlayground: PageState }).rnnkitPlayground;
      return s.results !== undefined && !s.busy;
    },
    undefined,
    { timeout: 200_000 },
  );
  return (await pageState(page)).results!;
}

function expectEveryBackendAgrees(results: NonNullable<PageState['results']>) {
  expect(results.map((r) => r.id)).toEqual([
    'tfjs-cpu',
    'tfjs-wasm',
    'tfjs-webgl',
    'tfjs-webgpu',
    'ort-web-wasm',
    'ort-web-webgpu',
  ]);
  for (const result of results) {
    // A backend may only be skipped with its reason; one that ran must pass its tolerance.
    if (result.status === 'skipped') expect(result.reason, result.id).toBeTruthy();
    else expect(result, result.id).toMatchObject({ status: 'ok' });
  }
  // The CPU and wasm backends always run here (the GPU ones through SwiftShader when it works).
  for (const id of ['tfjs-cpu', 'tfjs-wasm', 'ort-web-wasm'])
    expect(results.find((r) => r.id === id)?.status, id).toBe('ok');
}

describe.skipIf(browserSkipReason() !== undefined)('playground page', () => {
  it('example GRU language model: layers, every backend against the reference, generation', async () => {
    const page = await openPage();
    await page.click('#example');
    await page.waitForSelector('#layers tbody tr');
    expect(await page.locator('#layers tbody tr').allInnerTexts()).toEqual([
      expect.stringMatching(/^embedding\tembedding\t64 tokens -> 16\t\[batch, time, 16\]\t1,024$/),
      expect.stringMatching(
        /^gru\tgru\t32 units, resetAfter true, returnSequences\t\[batch, time, 32\]\t/,
      ),
      expect.stringMatching(/^dense\tdense\t64 units, softmax\t\[batch, time, 64\]\t2,112$/),
    ]);
    expect((await pageState(page)).format).toMatch(/rnnkit/);
    const results = await runAll(page);
    expectEveryBackendAgrees(results);
    expect(await page.locator('#chart svg rect').count()).toBeGreaterThanOrEqual(6);

    await page.fill('#generate-count', '12');
    await page.click('#generate-run');
    await page.waitForFunction(
      () => (globalThis as unknown as { rnnkitPlayground: PageState }).rnnkitPlayground.generation,
      undefined,
      { timeout: 60_000 },
    );
    const generation = (await pageState(page)).generation!;
    expect(generation.tokens).toHaveLength(13);
    expect(generation.pass).toBe(true);
    expect(await page.textContent('#generated')).toMatch(/ms per token on ort-web-wasm/);
    await page.screenshot({ path: join(shots, 'playground-example.png'), fullPage: true });
    await page.close();
  });

  it('a dropped ONNX file runs on every backend', async () => {
    const spec = sentimentLstmSpec({ vocabularySize: 300, embeddingDim: 16, units: 16 });
    const bytes = exportOnnx({ spec, weights: initializeWeights(spec, { seed: 5 }) });
    const page = await openPage();
    await page.setInputFiles('#files', {
      name: 'sentiment.onnx',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from(bytes),
    });
    await page.waitForSelector('#layers tbody tr');
    expect((await pageState(page)).format).toMatch(/onnx/i);
    expect(await page.locator('#layers tbody tr').count()).toBe(3);
    expect(await page.isHidden('#generate')).toBe(true); // a classifier, not a language model
    expectEveryBackendAgrees(await runAll(page));
    await page.screenshot({ path: join(shots, 'playground-onnx.png'), fullPage: true });
    await page.close();
  });

  it('Keras .h5, TF.js layers + shard, spec + safetensors, PyTorch state dict, and a file that is no model', async () => {
    const page = await openPage();
    await page.setInputFiles('#files', keras);
    await page.waitForSelector('#layers tbody tr');
    expect((await pageState(page)).format).toMatch(/keras/i);

    const spec = sentimentLstmSpec({ vocabularySize: 50, embeddingDim: 4, units: 4 });
    const saved = saveModel({ spec, weights: initializeWeights(spec, { seed: 2 }) });
    await page.setInputFiles('#files', [
      { name: 'sentiment.json', mimeType: 'application/json', buffer: Buffer.from(saved.spec) },
      {
        name: 'sentiment.safetensors',
        mimeType: 'application/octet-stream',
        buffer: Buffer.from(saved.weights),
      },
    ]);
    await page.waitForFunction(
      () => document.querySelector('#status')?.textContent === 'loaded sentiment.json',
    );
    expect(await page.textContent('#model-name')).toBe('sentiment-lstm');

    const model = { spec, weights: initializeWeights(spec, { seed: 2 }) };
    const tfjs = writeTfjsLayersModel(model, { weightsFileName: 'sentiment.weights.bin' });
    await page.setInputFiles('#files', [
      {
        name: 'sentiment.weights.bin',
        mimeType: 'application/octet-stream',
        buffer: Buffer.from(tfjs.weightData),
      },
      {
        name: 'model.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify(tfjs.modelJson)),
      },
    ]);
    await page.waitForFunction(
      () => document.querySelector('#status')?.textContent === 'loaded model.json',
    );
    expect((await pageState(page)).format).toMatch(/tfjs/i);
    expect(await page.locator('#layers tbody tr').count()).toBe(3);

    await page.setInputFiles('#files', {
      name: 'state-dict.safetensors',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from(writeTorchStateDict(model)),
    });
    await page.waitForFunction(
      () => document.querySelector('#status')?.textContent === 'loaded state-dict.safetensors',
    );
    expect((await pageState(page)).format).toMatch(/torch|pytorch/i);

    await page.setInputFiles('#files', {
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('not a model'),
    });
    await page.waitForFunction(() =>
      document.querySelector('#status')?.classList.contains('error'),
    );
    expect(await page.textContent('#status')).toMatch(/notes\.txt|format|model/i);
    await page.screenshot({ path: join(shots, 'playground-error.png'), fullPage: true });
    await page.close();
  });
});
