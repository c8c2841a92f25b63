/**
 * Writes a model in one of the formats rnnkit writes, to files on disk: what `rnnkit convert`
 * and `rnnkit train --output` share, so both write every format the same way.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Model } from '@rnnkit/core';
import { saveModelToFiles } from '@rnnkit/core/node';

export const TARGETS = ['rnnkit', 'onnx', 'tfjs-layers', 'safetensors', 'triton'] as const;
export type ConvertTarget = (typeof TARGETS)[number];

export interface WriteModelOptions {
  /** ONNX opset, for onnx and triton. */
  opset?: number;
  /** triton: the model's name and directory. */
  name?: string;
  /** triton: max_batch_size. */
  maxBatchSize?: number;
}

async function writeBytes(path: string, bytes: Uint8Array | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
}

/** Writes `model` to `outPath` as `target`; returns the paths written. */
export async function writeModelFiles(
  model: Model,
  outPath: string,
  target: ConvertTarget,
  options: WriteModelOptions = {},
): Promise<string[]> {
  switch (target) {
    case 'rnnkit': {
      const { specPath, weightsPath } = await saveModelToFiles(model, outPath);
      return [specPath, weightsPath];
    }
    case 'onnx': {
      const { exportOnnx } = await import('@rnnkit/onnx');
      await writeBytes(outPath, exportOnnx(model, { opset: options.opset }));
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
    case 'triton': {
      const { exportTritonRepository } = await import('@rnnkit/onnx');
      const repository = exportTritonRepository(model, options);
      const written: string[] = [];
      for (const file of repository.files) {
        const path = join(outPath, ...file.path.split('/'));
        await writeBytes(path, file.contents);
        written.push(path);
      }
      return written;
    }
    case 'safetensors': {
      const { writeTorchStateDict } = await import('@rnnkit/torch');
      await writeBytes(outPath, writeTorchStateDict(model));
      return [outPath];
    }
  }
}
