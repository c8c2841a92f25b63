// Opens a bundled page in Debian's Chromium (playwright-core, the copy rnnkit installed) and runs
// the model on each backend. Usage: node drive-page.mjs <dir> <label> <expectations.json>
// expectations: [{ backend, wasmPaths?, expect: 'pass' | 'error', errorIncludes?: [..] }]
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';

const [dir, label, expectationsJson] = process.argv.slice(2);
const expectations = JSON.parse(expectationsJson);
const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};
const server = createServer(async (request, response) => {
  const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname));
  try {
    const body = await readFile(join(dir, path.endsWith('/') ? `${path}index.html` : path));
    response.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
    response.end(body);
  } catch {
    response.writeHead(404);
    response.end('not found');
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://localhost:${server.address().port}`;
// biome-ignore lint/suspicious/noUndeclaredEnvVars: a script run by hand or CI, not a turbo task
const chromiumPath = process.env.RNNKIT_CHROMIUM ?? '/usr/bin/chromium';
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: [
    '--headless=new',
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
let failures = 0;
try {
  for (const item of expectations) {
    const page = await browser.newPage();
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => 'newUserRun' in globalThis, undefined, { timeout: 30_000 });
    const result = await page.evaluate(
      ([id, paths]) => globalThis.newUserRun(id, paths),
      [item.backend, item.wasmPaths],
    );
    await page.close();
    const what = `${label}: ${item.backend}${item.wasmPaths ? ` (wasmPaths ${item.wasmPaths})` : ' (no wasmPaths)'}`;
    let ok;
    if (item.expect === 'pass') ok = result.maxAbsError !== undefined && result.maxAbsError <= 1e-4;
    else
      ok =
        result.error !== undefined &&
        (item.errorIncludes ?? []).every((text) =>
          result.error.includes(text.replace('{origin}', origin)),
        );
    console.log(
      `${ok ? 'ok  ' : 'FAIL'} ${what}: ${result.error ?? `max |x - PyTorch| = ${result.maxAbsError.toExponential(2)}`}`,
    );
    if (!ok) failures++;
  }
} finally {
  await browser.close();
  server.close();
}
process.exit(failures === 0 ? 0 : 1);
