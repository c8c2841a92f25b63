import { createReferenceBackend } from '@rnnkit/core';
import { casesFromWire, casesToWire, type MatrixCase, runCell } from 'rnnkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { kerasCases } from './keras-cases.js';
import { kerasList } from './keras-files.js';

describe('keras group', () => {
  let cases: MatrixCase[];
  beforeAll(async () => {
    // Builds in about 1 s on an idle machine (most of it starting h5wasm and opening the .h5
    // files); not asserted here, where a loaded machine would make it flaky.
    cases = await kerasCases();
  });

  it('holds the recorded, keras-js and independent cases, each id once', () => {
    const ids = cases.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(cases.every((c) => c.group === 'keras')).toBe(true);
    // 4 dl4j files x (full model, weights + config) + the Theano stack; the flatten SimpleRNN
    // file is refused (a Flatten over a sequence).
    expect(cases.filter((c) => c.source === 'keras' && !c.id.startsWith('keras-js-'))).toHaveLength(
      9,
    );
    // All 35 keras-js fixtures, the 6 go_backwards + return_sequences ones included.
    // 12 stateful cases (state carried over a second call), 3 of them go_backwards.
    const kerasJs = cases.filter((c) => c.id.startsWith('keras-js-'));
    expect(kerasJs).toHaveLength(35);
    expect(kerasJs.filter((c) => c.leadingChunks?.length === 1)).toHaveLength(12);
    expect(cases.filter((c) => c.source === 'pytorch').length).toBeGreaterThanOrEqual(30);
  });

  it('imports every independent case (none silently refused)', () => {
    const files = kerasList('independent').filter((name) => name.endsWith('.json'));
    const ids = cases.filter((c) => c.id.startsWith('keras-independent-')).map((c) => c.id);
    expect(ids).toHaveLength(files.length);
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
