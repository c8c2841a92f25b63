/**
 * Streaming hands ORT its own state outputs back: a state returned by one run and passed to the
 * next goes in as the very ORT tensor that came out (no new tensor, no copy), and a state the
 * caller built itself still goes in by value.
 */
import * as ortNode from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { createOrtBackend } from './ort-backend.js';
import type { OrtInferenceSession, OrtModule, OrtTensor } from './ort-module.js';
import { featureSpec, randomFeatures, randomModel } from './test-support/models.js';

function recordingOrt() {
  const real = ortNode as unknown as OrtModule;
  const feeds: Record<string, OrtTensor>[] = [];
  const outputs: Record<string, OrtTensor>[] = [];
  const ort: OrtModule = {
    Tensor: real.Tensor,
    InferenceSession: {
      async create(bytes, options) {
        const session = await real.InferenceSession.create(bytes, options);
        const recorded: OrtInferenceSession = {
          inputNames: session.inputNames,
          outputNames: session.outputNames,
          inputMetadata: session.inputMetadata,
          outputMetadata: session.outputMetadata,
          async run(given) {
            feeds.push(given);
            const result = await session.run(given);
            outputs.push(result);
            return result;
          },
          release: () => session.release(),
        };
        return recorded;
      },
    },
  };
  return { ort, feeds, outputs };
}

describe('streaming state through ORT', () => {
  it('feeds a returned state back as the ORT output tensor itself', async () => {
    const { ort, feeds, outputs } = recordingOrt();
    const backend = createOrtBackend({
      ort,
      id: 'ort-node-cpu',
      executionProviders: ['cpu'],
      placement: { onlyProvider: 'CPUExecutionProvider' },
    });
    const session = await backend.load(
      randomModel(featureSpec(2, [{ type: 'lstm', name: 'rnn', units: 3 }]), 4),
    );
    const first = await session.run({ x: randomFeatures([2, 3, 2], 1) });
    const second = await session.run({ x: randomFeatures([2, 3, 2], 2) }, { state: first.state });
    expect(feeds[1]['state_in/rnn/h']).toBe(outputs[0]['state_out/rnn/h']);
    expect(feeds[1]['state_in/rnn/c']).toBe(outputs[0]['state_out/rnn/c']);

    // The same values given in fresh arrays go in by value and compute the same thing.
    const copied = {
      rnn: {
        h: {
          ...first.state.rnn.h,
          data: Float32Array.from(first.state.rnn.h.data as Float32Array),
        },
        c: {
          ...first.state.rnn.c!,
          data: Float32Array.from(first.state.rnn.c!.data as Float32Array),
        },
      },
    };
    const again = await session.run({ x: randomFeatures([2, 3, 2], 2) }, { state: copied });
    expect(feeds[2]['state_in/rnn/h']).not.toBe(outputs[0]['state_out/rnn/h']);
    expect(again.outputs.y.data).toEqual(second.outputs.y.data);
    await session.dispose();
  });
});
