// The new user's browser page: fetch a model file and run it on a backend by id, with rnnkit
// bundled by esbuild or vite exactly as an app would bundle it. The expected values are
// PyTorch's own outputs (outputs.json), so the page reports the largest difference from them.
import { readTensorJson } from '@rnnkit/core';
import { type BackendId, createBackend, loadModel, toNumbers } from 'rnnkit';

async function fetchBytes(path: string): Promise<Uint8Array> {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function run(id: BackendId, wasmPaths?: string): Promise<number> {
  const loaded = await loadModel(await fetchBytes('./model.onnx'), { name: 'model.onnx' });
  const decode = async (path: string) =>
    readTensorJson(new TextDecoder().decode(await fetchBytes(path)));
  const inputs = await decode('./inputs.json');
  const expected = await decode('./outputs.json');
  const backend = await createBackend(id, wasmPaths ? { wasmPaths } : {});
  const session = await backend.load(loaded.model);
  const outputs = loaded.fromRunResult(await session.run(loaded.toModelInputs(inputs)));
  await session.dispose();
  let worst = 0;
  for (const [name, tensor] of Object.entries(expected)) {
    const actual = toNumbers(outputs[name]);
    const wanted = toNumbers(tensor);
    if (actual.length !== wanted.length)
      throw new Error(`${name}: ${actual.length} values, expected ${wanted.length}`);
    wanted.forEach((value, i) => {
      worst = Math.max(worst, Math.abs(actual[i] - value));
    });
  }
  return worst;
}

(globalThis as Record<string, unknown>).newUserRun = async (id: BackendId, wasmPaths?: string) => {
  try {
    return { maxAbsError: await run(id, wasmPaths) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
};
