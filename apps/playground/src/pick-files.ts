/**
 * Which of the dropped files is the model and which are its companions: an `.onnx`, `.h5` or
 * `.keras` is a model by itself; a `.json` is the model (rnnkit spec or TF.js model.json) with
 * the other files (`.safetensors`, weight shards) as companions; a lone `.safetensors` is a
 * PyTorch state dict. `loadModel` then detects the format from the name and the bytes.
 */
export interface DroppedFile {
  name: string;
  bytes: Uint8Array;
}

export interface PickedFiles {
  main: DroppedFile;
  companions: Record<string, Uint8Array>;
}

const SELF_CONTAINED = /\.(onnx|h5|hdf5|keras)$/i;

export function pickFiles(files: readonly DroppedFile[]): PickedFiles {
  if (files.length === 0) throw new Error('no file was given');
  const main =
    files.find((f) => SELF_CONTAINED.test(f.name)) ??
    files.find((f) => /\.json$/i.test(f.name)) ??
    files.find((f) => /\.safetensors$/i.test(f.name)) ??
    files[0];
  const companions: Record<string, Uint8Array> = {};
  for (const file of files) if (file !== main) companions[file.name] = file.bytes;
  return { main, companions };
}

export async function readDropped(list: FileList | readonly File[]): Promise<DroppedFile[]> {
  return Promise.all(
    Array.from(list, async (file) => ({
      name: file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
    })),
  );
}
