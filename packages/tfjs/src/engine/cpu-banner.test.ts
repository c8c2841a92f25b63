/** A tfjs-cpu session in Node leaves stderr alone (see skipNodeBackendAdvice in setup.ts). */
import { afterEach, expect, it, vi } from 'vitest';
import { createTfjsBackend } from '../index.js';
import { seededFeatures, seededModel } from '../test-support/seeded-weights.js';

afterEach(() => {
  vi.restoreAllMocks();
});

it("prints no 'install tfjs-node' banner when the first tfjs-cpu tensor is written", async () => {
  const warn = vi.spyOn(console, 'warn');
  const session = await createTfjsBackend({ backend: 'cpu' }).load(
    seededModel({
      format: 'rnnkit-model',
      formatVersion: 1,
      input: { name: 'x', type: 'features', size: 3 },
      layers: [{ type: 'lstm', name: 'l', units: 4 }],
      output: { name: 'y' },
    }),
  );
  await session.run({ x: seededFeatures(2, 5, 3) });
  await session.dispose();
  const printed = warn.mock.calls.map((call) => call.join(' ')).join('\n');
  expect(printed).not.toMatch(/node backend|tfjs-node/);
});
