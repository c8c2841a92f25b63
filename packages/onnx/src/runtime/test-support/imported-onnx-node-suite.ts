/**
 * The 18 ONNX backend node cases through the whole rnnkit path: importOnnx (weights W/R/B/P bound
 * as constants) -> spec -> the backend's load (exportOnnx, layout 0) -> run -> outputs laid out
 * as the ONNX node's, compared with ONNX's recorded outputs. The *_batchwise cases, which ORT
 * refuses as they are (layout=1), pass this way.
 */
import { type Backend, type BackendId, type NamedTensors, RnnkitError } from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { importOnnxDetailed } from '../../import/index.js';
import { expectClose } from './compare.js';
import { loadOnnxNodeCases } from './onnx-node-cases.js';

/** The weight inputs of ONNX RNN/LSTM/GRU nodes; the rest (X, sequence_lens, initial_h/c) are run inputs. */
const WEIGHT_INPUTS = new Set(['W', 'R', 'B', 'P']);

export function describeImportedOnnxNodeCases(
  backendId: BackendId,
  createBackend: () => Backend,
  fixtureDirectory: string,
): void {
  const cases = loadOnnxNodeCases(fixtureDirectory);
  describe(`${backendId}: ONNX node cases through importOnnx`, () => {
    it('has the 18 cases', () => expect(cases).toHaveLength(18));

    it('garbage bytes are an RnnkitError from the loader, not a crash', () => {
      for (const bytes of [
        new Uint8Array(0),
        new TextEncoder().encode('not onnx'),
        cases[0].model.subarray(0, 40),
      ]) {
        let error: unknown;
        try {
          importOnnxDetailed(bytes);
        } catch (e) {
          error = e;
        }
        expect(RnnkitError.isInstance(error), String(error)).toBe(true);
      }
    });
    for (const testCase of cases) {
      it(testCase.name, async () => {
        const bound: NamedTensors = {};
        const runInputs: NamedTensors = {};
        for (const { name, tensor } of testCase.inputs) {
          if (WEIGHT_INPUTS.has(name)) bound[name] = tensor;
          else runInputs[name] = tensor;
        }
        const imported = importOnnxDetailed(testCase.model, { bindInputs: bound });
        const session = await createBackend().load(imported.model);
        try {
          const result = await session.run(imported.adaptInputs(runInputs));
          const outputs = imported.adaptOutputs(result);
          for (const expected of testCase.outputs) {
            expect(outputs[expected.name], `output ${expected.name}`).toBeDefined();
            expectClose(
              outputs[expected.name],
              expected.tensor,
              backendId,
              `${testCase.name} ${expected.name}`,
            );
          }
        } finally {
          await session.dispose();
        }
      });
    }
  });
}
