/**
 * Real `torch.onnx.export` files (opsets 9 to 17) with PyTorch's own outputs, from the fixture
 * script in packages/onnx. Files the importer must refuse are not cases.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTensorJson } from '@rnnkit/core';
import type { MatrixCase } from 'rnnkit';
import { TORCH_EXPORT_FIXTURES } from './fixtures.js';
import { recordedOnnxCase } from './recorded-onnx-case.js';

interface TorchExportIndex {
  cases: {
    name: string;
    file: string;
    opset: number;
    expect: 'import' | 'refuse';
    inputs: unknown;
    outputs: unknown;
  }[];
}

export function torchExportCases(): MatrixCase[] {
  const index = JSON.parse(
    readFileSync(join(TORCH_EXPORT_FIXTURES, 'cases.json'), 'utf8'),
  ) as TorchExportIndex;
  return index.cases
    .filter((entry) => entry.expect === 'import')
    .map((entry) =>
      recordedOnnxCase({
        id: `torch-export-${entry.name.replaceAll('_', '-')}`,
        group: 'torch-export',
        description: `torch.onnx.export (opset ${entry.opset}) of ${entry.file}`,
        source: 'pytorch',
        bytes: readFileSync(join(TORCH_EXPORT_FIXTURES, entry.file)),
        inputs: readTensorJson(JSON.stringify(entry.inputs)),
        outputs: readTensorJson(JSON.stringify(entry.outputs)),
      }),
    );
}
