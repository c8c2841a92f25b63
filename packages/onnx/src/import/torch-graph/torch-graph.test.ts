import { readFileSync } from 'node:fs';
import { createReferenceBackend, RnnkitError, type Tensor, toNumbers } from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { importOnnxDetailed } from '../import-onnx.js';
import { liftTorchGraph } from './index.js';
import {
  defaultOpset,
  fixtureUrl,
  loadCases,
  loadModel,
  swapLeadingAxes,
} from './test-support/fixture-cases.js';

const ATOL = 1e-5;
const RTOL = 1e-4;

function expectClose(actual: Tensor, expected: Tensor, label: string): void {
  expect(actual.shape, `${label} shape`).toEqual(expected.shape);
  const a = toNumbers(actual);
  const e = toNumbers(expected);
  let worst = 0;
  for (let i = 0; i < e.length; i++) {
    const excess = Math.abs(a[i] - e[i]) - (ATOL + RTOL * Math.abs(e[i]));
    if (excess > worst) worst = excess;
  }
  expect(worst, `${label}: largest excess over atol + rtol*|expected|`).toBe(0);
}

const cases = loadCases();

describe('liftTorchGraph on real torch.onnx.export output', () => {
  it('covers opsets 9 to 17 with LSTM and GRU, and every model at two or more opsets', () => {
    for (let opset = 9; opset <= 17; opset++) {
      const kinds = cases.filter((c) => c.opset === opset).map((c) => c.config.kind);
      expect(kinds, `opset ${opset}`).toContain('lstm');
      expect(kinds, `opset ${opset}`).toContain('gru');
    }
    const opsetsByModel = new Map<string, number>();
    for (const c of cases) {
      const model = c.name.replace(/_opset\d+$/, '');
      opsetsByModel.set(model, (opsetsByModel.get(model) ?? 0) + 1);
    }
    for (const [model, count] of opsetsByModel) expect(count, model).toBeGreaterThanOrEqual(2);
  });

  for (const c of cases.filter((c) => c.expect === 'import')) {
    it(`${c.name} matches PyTorch through the reference executor`, async () => {
      const onnx = loadModel(c.file);
      const { model, timeMajor } = liftTorchGraph(onnx.graph, { opset: defaultOpset(onnx) });
      const [mainName, ...others] = Object.keys(c.inputs);
      const lengthsName = c.config.packed ? 'lengths' : undefined;
      const stateNames = others.filter((name) => name !== lengthsName);
      const inputs = { ...c.inputs };
      if (timeMajor.input) inputs[mainName] = swapLeadingAxes(inputs[mainName]);
      expect(model.spec.input.name).toBe(mainName);
      expect(model.spec.sequenceLengths?.name).toBe(lengthsName);
      expect((model.spec.stateInputs ?? []).map((s) => s.name)).toEqual(stateNames);

      const session = await createReferenceBackend().load(model);
      const result = await session.run(inputs);
      await session.dispose();
      for (const [name, expected] of Object.entries(c.outputs)) {
        let actual: Tensor = result.outputs[name];
        expect(actual, `output '${name}'`).toBeDefined();
        if (name === model.spec.output.name && timeMajor.output) actual = swapLeadingAxes(actual);
        expectClose(actual, expected, `${c.name} ${name}`);
      }
    });
  }

  for (const c of cases.filter((c) => c.expect === 'refuse')) {
    it(`${c.name} is refused with UNSUPPORTED_FEATURE naming the node`, () => {
      const onnx = loadModel(c.file);
      let error: unknown;
      try {
        liftTorchGraph(onnx.graph, { opset: defaultOpset(onnx) });
      } catch (e) {
        error = e;
      }
      expect(RnnkitError.isInstance(error)).toBe(true);
      expect((error as RnnkitError).code).toBe('UNSUPPORTED_FEATURE');
      // Each refusal names what the spec cannot express: the node, or the lengths input.
      expect((error as RnnkitError).message).toMatch(
        typeof c.config.refusal === 'string'
          ? new RegExp(c.config.refusal)
          : /Gather node '\/Gather'/,
      );
    });
  }
});

describe('importOnnxDetailed routes torch exports here and adapts their layouts', () => {
  for (const c of cases.filter((c) => c.expect === 'import')) {
    it(`${c.name}`, async () => {
      const imported = importOnnxDetailed(readFileSync(fixtureUrl(c.file)));
      expect(imported.source).toBe('torch-graph');
      const session = await createReferenceBackend().load(imported.model);
      const outputs = imported.adaptOutputs(await session.run(imported.adaptInputs(c.inputs)));
      await session.dispose();
      expect(Object.keys(outputs).sort()).toEqual(Object.keys(c.outputs).sort());
      for (const [name, expected] of Object.entries(c.outputs))
        expectClose(outputs[name], expected, `${c.name} ${name}`);
    });
  }
});
