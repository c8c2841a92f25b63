/**
 * A localhost-only HTTP server for the conformance page: the page, its bundle, the cases, and the
 * wasm binaries of tfjs and onnxruntime-web from the installed packages. Localhost makes the page
 * a secure context, which WebGPU requires.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join, normalize } from 'node:path';
import type { PageBundle } from './bundle-page.js';

const require = createRequire(import.meta.url);
const ORT_DIST = dirname(require.resolve('onnxruntime-web'));
const TFJS_WASM_DIST = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>rnnkit conformance</title>
<script type="module" src="/page.js"></script></head><body>rnnkit conformance page</body></html>`;

export interface PageServer {
  url: string;
  close(): Promise<void>;
}

export async function startPageServer(bundle: PageBundle, casesJson: string): Promise<PageServer> {
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    serve(path)
      .then(([body, type]) => {
        response.writeHead(200, {
          'content-type': type,
          'cache-control': 'no-store',
          // Cross-origin isolation gives the page SharedArrayBuffer, so tfjs-wasm and
          // onnxruntime-web run their multithreaded wasm builds, as they would in a deployed app
          // that sends these headers.
          'cross-origin-opener-policy': 'same-origin',
          'cross-origin-embedder-policy': 'require-corp',
        });
        response.end(body);
      })
      .catch(() => {
        response.writeHead(404);
        response.end();
      });
  });

  async function serve(path: string): Promise<[string | Buffer, string]> {
    if (path === '/' || path === '/index.html') return [PAGE, TYPES['.html']];
    const script = bundle.get(path);
    if (script !== undefined) return [script, TYPES['.js']];
    if (path === '/cases.json') return [casesJson, TYPES['.json']];
    const [root, prefix] = path.startsWith('/ort/')
      ? [ORT_DIST, '/ort/']
      : path.startsWith('/tfjs-wasm/')
        ? [TFJS_WASM_DIST, '/tfjs-wasm/']
        : [undefined, ''];
    const relative = normalize(path.slice(prefix.length));
    if (!root || relative.startsWith('..')) throw new Error('not found');
    const extension = relative.slice(relative.lastIndexOf('.'));
    return [await readFile(join(root, relative)), TYPES[extension] ?? 'application/octet-stream'];
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://localhost:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
