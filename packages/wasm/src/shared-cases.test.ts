/**
 * The shared conformance data on rnnkit-wasm: the 18 ONNX backend node cases (imported
 * with @rnnkit/onnx, compared with ONNX's recorded outputs in ONNX's layout) and the PyTorch
 * reference fixtures committed in @rnnkit/core (compared with PyTorch's recorded outputs).
 * The data stays where it was written; this test reads it, it does not copy it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  compareRunResult,
  compareTensors,
  type ModelSpec,
  type NamedTensors,
  type Tensor,
  tensorsFromJson,
  toleranceFor,
} from '@rnnkit/core';
import { decodeModel, decodeTensor, importOnnxDetailed, tensorToFloat32 } from '@rnnkit/onnx';
import { describe, expect, it } from 'vitest';
import { createWasmBackend } from './index.js';

const ONNX_NODE = fileURLToPath(new URL('../../onnx/src/__fixtures__/onnx-node/', import.meta.url));
const TORCH = fileURLToPath(
  new URL('../../core/src/reference/__fixtures__/torch/', import.meta.url),
);
const WEIGHT_INPUTS = new Set(['W', 'R', 'B', 'P']);

function readOnnxTensor(path: string): Tensor {
  const tensor = decodeTensor(readFileSync(path));
  if (tensor.dataType === 1)
    return { dtype: 'float32', shape: tensor.dims, data: tensorToFloat32(tensor) };
  // sequence_lens: int32 in these cases.
  return { dtype: 'int32', shape: tensor.dims, data: Int32Array.from(tensorToFloat32(tensor)) };
}

const onnxNodeCases = readdirSync(ONNX_NODE).filter((name) => name.startsWith('test_'));
const torchFixtures = readdirSync(TORCH).filter((name) => name.endsWith('.json'));

{
  const backend = createWasmBackend();

  describe(`${backend.id}: shared conformance data`, () => {
    it('has the 18 ONNX node cases and the PyTorch fixtures', () => {
      expect(onnxNodeCases).toHaveLength(18);
      expect(torchFixtures.length).toBeGreaterThanOrEqual(10);
    });

    for (const testCase of onnxNodeCases) {
      it(`ONNX ${testCase}`, async () => {
        const directory = `${ONNX_NODE}${testCase}/`;
        const graph = decodeModel(readFileSync(`${directory}model.onnx`)).graph;
        const bound: NamedTensors = {};
        const inputs: NamedTensors = {};
        graph.input.forEach((input, index) => {
          const tensor = readOnnxTensor(`${directory}test_data_set_0/input_${index}.pb`);
          (WEIGHT_INPUTS.has(input.name) ? bound : inputs)[input.name] = tensor;
        });
        const imported = importOnnxDetailed(readFileSync(`${directory}model.onnx`), {
          bindInputs: bound,
        });
        const session = await backend.load(imported.model);
        try {
          const outputs = imported.adaptOutputs(await session.run(imported.adaptInputs(inputs)));
          graph.output.forEach((output, index) => {
            const expected = readOnnxTensor(`${directory}test_data_set_0/output_${index}.pb`);
            const comparison = compareTensors(
              outputs[output.name],
              expected,
              toleranceFor(backend.id),
            );
            expect(comparison.pass, `${output.name}: max |err| ${comparison.maxAbsError}`).toBe(
              true,
            );
          });
        } finally {
          await session.dispose();
        }
      });
    }

    for (const file of torchFixtures) {
      it(`PyTorch ${file}`, async () => {
        const fixture = JSON.parse(readFileSync(`${TORCH}${file}`, 'utf8')) as {
          spec: ModelSpec;
          weights: Record<string, { shape: number[]; data: number[] }>;
          inputs: unknown;
          expected: unknown;
        };
        const weights = new Map(
          Object.entries(fixture.weights).map(([key, w]) => [
            key,
            { shape: w.shape, data: Float32Array.from(w.data) },
          ]),
        );
        const model = { spec: fixture.spec, weights };
        const inputs = tensorsFromJson(fixture.inputs);
        const session = await backend.load(model);
        try {
          const result = await session.run(inputs);
          const comparison = compareRunResult(
            {
              id: file,
              description: file,
              model,
              inputs,
              expected: tensorsFromJson(fixture.expected),
              source: 'pytorch',
            },
            result,
            backend.id,
          );
          const failed = comparison.results.filter((r) => !r.comparison.pass);
          expect(failed.map((r) => `${r.name}: ${r.comparison.maxAbsError}`)).toEqual([]);
        } finally {
          await session.dispose();
        }
      });
    }
  });
}
