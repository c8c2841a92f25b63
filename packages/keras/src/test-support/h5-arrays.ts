import h5wasm from 'h5wasm';

/** Every dataset of one group of an HDF5 file (test data: recorded inputs and predictions). */
export async function readH5Group(
  bytes: Uint8Array,
  group: string,
): Promise<Record<string, { shape: number[]; data: Float64Array }>> {
  const module = await h5wasm.ready;
  const path = `/test-arrays-${Math.random().toString(36).slice(2)}.h5`;
  module.FS?.writeFile(path, bytes);
  const file = new h5wasm.File(path, 'r');
  try {
    const g = file.get(group) as InstanceType<typeof h5wasm.Group>;
    const out: Record<string, { shape: number[]; data: Float64Array }> = {};
    for (const key of g.keys()) {
      const dataset = g.get(key) as InstanceType<typeof h5wasm.Dataset>;
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
