import { createReferenceBackend } from '@rnnkit/core';
import { type MatrixCase, runCell } from 'rnnkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { casesFromWire, casesToWire } from '../browser/case-wire.js';
import { kerasCases } from './keras-cases.js';

describe('keras group', () => {
  let cases: MatrixCase[];
  let buildMs: number;
  beforeAll(async () => {
    const started = performance.now();
    cases = await kerasCases();
    buildMs = performance.now() - started;
  });

  it('holds the recorded, keras-js and independent cases, built quickly', () => {
    const ids = cases.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(cases.every((c) => c.group === 'keras')).toBe(true);
    // 3 dl4j files x (model, weights + config) + 1 flatten LSTM x 2 + the Theano stack.
    expect(cases.filter((c) => c.source === 'keras' && !c.id.startsWith('keras-js-'))).toHaveLength(
      9,
    );
    // 35 keras-js fixtures minus the 6 go_backwards + return_sequences ones the importer refuses.
    const kerasJs = cases.filter((c) => c.id.startsWith('keras-js-'));
    expect(kerasJs).toHaveLength(29);
    expect(kerasJs.filter((c) => c.leadingChunks?.length === 1)).toHaveLength(9);
    expect(cases.filter((c) => c.source === 'pytorch').length).toBeGreaterThanOrEqual(30);
    // The budget is 2 s (about 1 s measured, most of it starting h5wasm); the bound leaves room
    // for a loaded machine and still catches e.g. every Theano sequence being read per case.
    expect(buildMs).toBeLessThan(5000);
  });

  it('are plain data that survive the trip to the browser page', () => {
    const back = casesFromWire(casesToWire(cases));
    expect(back.map((c) => c.id)).toEqual(cases.map((c) => c.id));
    expect(back[0].model.weights).toBeInstanceOf(Map);
  });

  it('every case passes on the reference executor', async () => {
    const backend = createReferenceBackend();
    const failures: string[] = [];
    for (const testCase of cases) {
      const cell = await runCell(testCase, backend);
      if (cell.status !== 'pass') {
        failures.push(
          `${testCase.id}: ${cell.status} ${cell.reason ?? ''} ${JSON.stringify(cell.outputs)}`,
        );
      }
    }
    expect(failures).toEqual([]);
  });
});
