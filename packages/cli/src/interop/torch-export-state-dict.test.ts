/**
 * Names that round-trip: a model imported from `torch.onnx.export` keeps its PyTorch module names
 * (`rnn`, `rnn_l0`/`rnn_l1` for a stacked module), so `writeTorchStateDict` of it writes exactly
 * the keys and shapes of the original module's `state_dict()`, which is what
 * `load_state_dict(strict=True)` checks. The expected keys and shapes were recorded by PyTorch
 * itself (packages/onnx/src/__fixtures__/torch-export/make_torch_exports.py, `state_dict`).
 */
import { readFileSync } from 'node:fs';
import { decodeSafetensors } from '@rnnkit/core';
import { importOnnx } from '@rnnkit/onnx';
import { readTorchStateDict, writeTorchStateDict } from '@rnnkit/torch';
import { describe, expect, it } from 'vitest';

const folder = new URL('../../../onnx/src/__fixtures__/torch-export/', import.meta.url);

interface ExportCase {
  name: string;
  file: string;
  expect: 'import' | 'refuse';
  state_dict: Record<string, number[]>;
}

const cases = (
  JSON.parse(readFileSync(new URL('cases.json', folder), 'utf8')) as { cases: ExportCase[] }
).cases.filter((entry) => entry.expect === 'import');

describe('torch.onnx.export -> importOnnx -> writeTorchStateDict', () => {
  it('covers the recorded exports', () => expect(cases.length).toBeGreaterThan(20));

  it.each(cases.map((entry) => [entry.name, entry] as const))(
    '%s: the keys and shapes of the module state_dict()',
    (_, entry) => {
      const model = importOnnx(readFileSync(new URL(entry.file, folder)));
      const bytes = writeTorchStateDict(model);
      const written = decodeSafetensors(bytes).tensors;
      const shapes = Object.fromEntries([...written].map(([key, t]) => [key, [...t.shape]]));
      expect(shapes).toEqual(entry.state_dict);
      // And the file reads back to the same model.
      expect(readTorchStateDict(bytes)).toEqual(model);
    },
  );
});
