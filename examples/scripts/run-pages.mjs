// Opens every built example page (dist/, from `vite build`) in Debian's Chromium with
// playwright-core and waits for its verdict (window.exampleResult); exit code 1 if a page fails.
// Screenshots go to test-results/. Skips (exit 0, with a message) when Chromium is missing.
import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';

const here = join(import.meta.dirname, '..');
const dist = join(here, 'dist');
const executablePath = process.env.RNNKIT_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  console.log(
    `example pages: skipped, no Chromium at ${executablePath} (apt-get install chromium)`,
  );
  process.exit(0);
}
const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
};
const server = createServer((request, response) => {
  const path = normalize(
    decodeURIComponent(new URL(request.url, 'http://localhost').pathname),
  ).replace(/^[/\\]+/, '');
  if (path.startsWith('..')) return response.writeHead(404).end();
  readFile(join(dist, path || 'index.html')).then(
    (body) => {
      response.writeHead(200, {
        'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
        // Cross-origin isolated, as a deployed app would be: threaded wasm builds.
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
      });
      response.end(body);
    },
    () => response.writeHead(404).end(),
  );
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://localhost:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath,
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
mkdirSync(join(here, 'test-results'), { recursive: true });
let failed = 0;
try {
  for (const page of ['char-rnn', 'sentiment-lstm', 'gru-language-model']) {
    const tab = await browser.newPage();
    const errors = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    await tab.goto(`${url}${page}.html`);
    const result = await tab
      .waitForFunction(() => window.exampleResult, undefined, { timeout: 120_000 })
      .then((handle) => handle.jsonValue())
      .catch((error) => ({ pass: false, error: String(error) }));
    const text = await tab.textContent('#out');
    await tab.screenshot({ path: join(here, 'test-results', `${page}.png`), fullPage: true });
    const pass = result.pass && errors.length === 0;
    if (!pass) failed++;
    console.log(
      `${pass ? 'ok  ' : 'FAIL'} ${page}.html\n${text.replace(/^/gm, '     ')}${errors.join('\n')}`,
    );
    await tab.close();
  }
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
