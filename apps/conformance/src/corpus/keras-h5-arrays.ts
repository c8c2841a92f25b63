/**
 * The datasets of one HDF5 group: the recorded inputs and Keras's predictions stored beside the
 * dl4j test models (`*_inputs_and_outputs.h5`). @rnnkit/keras reads models, not arbitrary
 * arrays, so this opens the file with h5wasm directly (a dependency of @rnnkit/keras, resolved
 * from the hoisted node_modules; the corpus is built in Node only).
 */
import h5wasm from 'h5wasm';

export interface H5Array {
  shape: number[];
  data: Float64Array;
}

let counter = 0;

export async function readH5Group(
  bytes: Uint8Array,
  group: string,
): Promise<Record<string, H5Array>> {
  const module = await h5wasm.ready;
  const path = `/rnnkit-conformance-${process.pid}-${counter++}.h5`;
  module.FS?.writeFile(path, bytes);
  const file = new h5wasm.File(path, 'r');
  try {
    const found = file.get(group);
    if (!(found instanceof h5wasm.Group)) throw new Error(`no group '${group}' in the HDF5 file`);
    const out: Record<string, H5Array> = {};
    for (const key of found.keys()) {
      const dataset = found.get(key);
      if (!(dataset instanceof h5wasm.Dataset)) continue;
      out[key] = {
        shape: [...(dataset.shape ?? [])],
        data: Float64Array.from(dataset.value as ArrayLike<number>),
      };
    }
    return out;
  } finally {
    file.close();
    module.FS?.unlink(path);
  }
}
