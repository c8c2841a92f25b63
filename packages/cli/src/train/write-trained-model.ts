/**
 * Writes a trained model the way `rnnkit convert` does, the format chosen by `--output`'s
 * extension (`.json` rnnkit spec + safetensors, `.onnx`, `.safetensors` PyTorch state dict) or
 * `--to`, so `rnnkit run` runs the result. Same writers as convert.ts, kept in their own file so
 * the training command does not reach into another command's body.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Model } from '@rnnkit/core';
import { saveModelToFiles } from '@rnnkit/core/node';
import type { ConvertTarget } from '../commands/convert.js';

async function writeBytes(path: string, bytes: Uint8Array | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
}

/** Returns the paths written. */
export async function writeTrainedModel(
  model: Model,
  outPath: string,
  target: ConvertTarget,
): Promise<string[]> {
  switch (target) {
    case 'rnnkit': {
      const { specPath, weightsPath } = await saveModelToFiles(model, outPath);
      return [specPath, weightsPath];
    }
    case 'onnx': {
      const { exportOnnx } = await import('@rnnkit/onnx');
      await writeBytes(outPath, exportOnnx(model));
      return [outPath];
    }
    case 'tfjs-layers': {
      const { writeTfjsLayersModel } = await import('@rnnkit/keras');
      const stem = basename(outPath).replace(/\.json$/i, '');
      const weightsFileName = `${stem}.weights.bin`;
      const artifacts = writeTfjsLayersModel(model, { weightsFileName });
      const shardPath = join(dirname(outPath), weightsFileName);
      await writeBytes(shardPath, artifacts.weightData);
      await writeBytes(outPath, `${JSON.stringify(artifacts.modelJson, null, 2)}\n`);
      return [outPath, shardPath];
    }
    case 'safetensors': {
      const { writeTorchStateDict } = await import('@rnnkit/torch');
      await writeBytes(outPath, writeTorchStateDict(model));
      return [outPath];
    }
  }
}
