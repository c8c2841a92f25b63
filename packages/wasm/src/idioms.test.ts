/**
 * The spec features added after this engine was written (paddedOutputs, selectStep, pooling,
 * dense logSoftmax): each against core's float64 reference executor, plus properties checked
 * by hand (so a shared misreading of the spec would still show): 'previous' repeats the last
 * real output of each direction and is 0 before the first one; logSoftmax rows have
 * logsumexp 0; pooling over real steps of an all-padding example is 0.
 */
import { createReferenceBackend, type LayerSpec, RnnkitError, type RunResult } from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../../onnx/src/runtime/test-support/compare.js';
import {
  featureSpec,
  randomFeatures,
  randomModel,
  tokenSpec,
} from '../../onnx/src/runtime/test-support/models.js';
import { createWasmBackend } from './index.js';

const ID = 'rnnkit-wasm';
const reference = createReferenceBackend();
const lengths = { dtype: 'int32', shape: [3], data: Int32Array.from([5, 2, 3]) } as const;

async function runBoth(layers: LayerSpec[], seed: number): Promise<[RunResult, RunResult]> {
  const model = randomModel(featureSpec(3, layers, { sequenceLengths: { name: 'lengths' } }), seed);
  const inputs = { x: randomFeatures([3, 5, 3], seed + 1), lengths };
  const session = await createWasmBackend().load(model);
  try {
    const mine = await session.run(inputs);
    const expected = await (await reference.load(model)).run(inputs);
    expectClose(mine.outputs.y, expected.outputs.y, ID, 'y');
    return [mine, expected];
  } finally {
    await session.dispose();
  }
}

function row(result: RunResult, b: number, t: number): number[] {
  const [, time, width] = result.outputs.y.shape;
  const start = (b * time + t) * width;
  return [...(result.outputs.y.data as Float32Array).slice(start, start + width)];
}

describe('rnnkit-wasm: paddedOutputs', () => {
  it("'previous' on a bidirectional lstm (concat): forward repeats its last real step, backward is 0", async () => {
    const [mine] = await runBoth(
      [
        {
          type: 'lstm',
          name: 'rnn',
          units: 4,
          returnSequences: true,
          direction: 'bidirectional',
          paddedOutputs: 'previous',
        },
      ],
      11,
    );
    // Example 1 has length 2: steps 2..4 padded. Forward read t=1 last; backward starts at
    // t=4 (padded, before any real step) so its half is 0 there.
    for (const t of [2, 3, 4]) {
      expect(row(mine, 1, t).slice(0, 4)).toEqual(row(mine, 1, 1).slice(0, 4));
      expect(row(mine, 1, t).slice(4)).toEqual([0, 0, 0, 0]);
    }
  });

  it("'previous' with a sum merge and a reverse gru, and 'zero' on a simpleRnn", async () => {
    await runBoth(
      [
        {
          type: 'gru',
          name: 'a',
          resetAfter: true,
          units: 3,
          returnSequences: true,
          direction: 'bidirectional',
          mergeMode: 'sum',
          paddedOutputs: 'previous',
        },
        {
          type: 'gru',
          name: 'b',
          resetAfter: false,
          units: 3,
          returnSequences: true,
          direction: 'reverse',
          paddedOutputs: 'previous',
        },
        { type: 'simpleRnn', name: 'c', units: 2, returnSequences: true, paddedOutputs: 'zero' },
      ],
      12,
    );
  });

  it("'previous' over maskZero tokens inside a sequence", async () => {
    const spec = tokenSpec(
      9,
      3,
      [{ type: 'lstm', name: 'rnn', units: 3, returnSequences: true, paddedOutputs: 'previous' }],
      true,
    );
    const model = randomModel(spec, 13);
    const tokens = {
      dtype: 'int32',
      shape: [2, 5],
      data: Int32Array.from([0, 4, 0, 0, 7, 1, 2, 3, 0, 5]),
    } as const;
    const session = await createWasmBackend().load(model);
    const mine = await session.run({ tokens });
    expectClose(
      mine.outputs.y,
      (await (await reference.load(model)).run({ tokens })).outputs.y,
      ID,
      'y',
    );
    expect(row(mine, 0, 0)).toEqual([0, 0, 0]);
    expect(row(mine, 0, 2)).toEqual(row(mine, 0, 1));
    expect(row(mine, 0, 3)).toEqual(row(mine, 0, 1));
    expect(row(mine, 1, 3)).toEqual(row(mine, 1, 2));
    await session.dispose();
  });
});

describe('rnnkit-wasm: selectStep, pooling, logSoftmax', () => {
  for (const index of [0, 2, -1, -5]) {
    it(`selectStep ${index} after a bidirectional lstm`, async () => {
      const [mine] = await runBoth(
        [
          {
            type: 'lstm',
            name: 'rnn',
            units: 3,
            returnSequences: true,
            direction: 'bidirectional',
            paddedOutputs: 'zero',
          },
          { type: 'selectStep', name: 'pick', index },
        ],
        20 + index,
      );
      expect(mine.outputs.y.shape).toEqual([3, 6]);
    });
  }

  it('refuses a selectStep index the run does not have (INVALID_INPUT)', async () => {
    const model = randomModel(
      featureSpec(3, [
        { type: 'gru', name: 'rnn', units: 2, returnSequences: true, resetAfter: true },
        { type: 'selectStep', name: 'pick', index: 4 },
      ]),
      30,
    );
    const session = await createWasmBackend().load(model);
    const error = await session.run({ x: randomFeatures([1, 4, 3], 31) }).catch((e: unknown) => e);
    expect(RnnkitError.isInstance(error) && error.code).toBe('INVALID_INPUT');
    await session.dispose();
  });

  for (const mode of ['mean', 'max'] as const) {
    for (const steps of ['all', 'real'] as const) {
      it(`pooling ${mode} over ${steps} steps, then a dense head`, async () => {
        await runBoth(
          [
            {
              type: 'gru',
              name: 'rnn',
              units: 4,
              returnSequences: true,
              resetAfter: false,
              paddedOutputs: 'previous',
            },
            { type: 'pooling', name: 'pool', mode, steps },
            { type: 'dense', name: 'head', units: 2, activation: 'tanh' },
          ],
          40,
        );
      });
    }
  }

  it('real-step pooling of an all-padding example is 0', async () => {
    const spec = tokenSpec(
      6,
      2,
      [
        { type: 'simpleRnn', name: 'rnn', units: 3, returnSequences: true, paddedOutputs: 'zero' },
        { type: 'pooling', name: 'pool', mode: 'max', steps: 'real' },
      ],
      true,
    );
    const model = randomModel(spec, 50);
    const tokens = {
      dtype: 'int32',
      shape: [2, 3],
      data: Int32Array.from([0, 0, 0, 1, 0, 2]),
    } as const;
    const session = await createWasmBackend().load(model);
    const mine = await session.run({ tokens });
    expectClose(
      mine.outputs.y,
      (await (await reference.load(model)).run({ tokens })).outputs.y,
      ID,
      'y',
    );
    expect([...(mine.outputs.y.data as Float32Array).slice(0, 3)]).toEqual([0, 0, 0]);
    await session.dispose();
  });

  it('dense logSoftmax per step: rows have logsumexp 0', async () => {
    const [mine] = await runBoth(
      [
        { type: 'lstm', name: 'rnn', units: 4, returnSequences: true, paddedOutputs: 'previous' },
        { type: 'dense', name: 'head', units: 5, activation: 'logSoftmax' },
      ],
      60,
    );
    const data = mine.outputs.y.data as Float32Array;
    for (let r = 0; r < data.length / 5; r++) {
      const sum = [...data.slice(r * 5, r * 5 + 5)].reduce((s, v) => s + Math.exp(v), 0);
      expect(Math.abs(sum - 1)).toBeLessThan(1e-5);
    }
  });
});
