// Shared by the example pages: print a line, and publish the verdict for the CI runner
// (examples/scripts/run-pages.mjs reads window.exampleResult).
export function print(line) {
  document.getElementById('out').textContent += `${line}\n`;
}

export function finish(pass) {
  print(pass ? 'every check passed' : 'A CHECK FAILED');
  window.exampleResult = { pass };
}

export async function main(run) {
  try {
    finish(await run());
  } catch (error) {
    print(`error: ${error instanceof Error ? error.message : String(error)}`);
    window.exampleResult = { pass: false, error: String(error) };
  }
}

/** The runtimes' wasm files are copied next to the pages (see examples/vite.config.mjs). */
export const wasmPathsFor = (id) =>
  new URL(id.startsWith('ort-') ? 'ort/' : 'tfjs-wasm/', document.baseURI).href;
