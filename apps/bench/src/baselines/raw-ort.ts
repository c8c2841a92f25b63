/**
 * Baseline 2: ONNX Runtime driven by hand. `InferenceSession.run` is called directly, with
 * hand-made ort.Tensor feeds (zero initial state, each generated token's state outputs fed back
 * as they came out), on the very InferenceSession rnnkit's session runs (`inferenceSession`), so
 * rnnkit / raw-ORT is exactly rnnkit's wrapper cost: input checks, state plumbing, result objects.
 *
 * Why the same session and not a second one: on a 2-core machine two ORT sessions of the same
 * graph, created alike, time 0.76x to 1.28x of each other from one measurement to the next (each
 * keeps a spinning thread pool that steals a core from the other). That noise would swamp a 5%
 * target. The graph and ORT's numbers are still checked independently: `runIndependently` runs
 * the exported bytes once in a session of its own, created the way a user would, and the bench
 * checks that output against rnnkit's too.
 */
import { type Model, recurrentLayers, type Tensor } from '@rnnkit/core';
import {
  exportOnnx,
  type OrtInferenceSession,
  type OrtModelSession,
  type OrtTensor,
  streamingStateNames,
} from '@rnnkit/onnx';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import type { Baseline } from './baseline.js';

type Feeds = Record<string, OrtTensor>;

interface OrtLike {
  Tensor: typeof ortNode.Tensor;
  InferenceSession: {
    create(bytes: Uint8Array, options?: object): Promise<OrtInferenceSession>;
  };
}

/** `session`: the rnnkit session (ort-node-cpu or ort-web-wasm) whose InferenceSession it drives. */
export async function createRawOrtBaseline(
  model: Model,
  runtime: 'node' | 'web',
  session: OrtModelSession,
): Promise<Baseline> {
  const ort = (runtime === 'node' ? ortNode : ortWeb) as unknown as OrtLike;
  const inference = session.inferenceSession;
  const { spec } = model;
  const layers = recurrentLayers(spec);

  const zeroState = (batch: number): Feeds => {
    const feeds: Feeds = {};
    for (const layer of layers) {
      const names = streamingStateNames(layer.name);
      const shape = [layer.directions, batch, layer.units];
      const size = layer.directions * batch * layer.units;
      feeds[names.hIn] = new ort.Tensor('float32', new Float32Array(size), shape);
      if (layer.type === 'lstm')
        feeds[names.cIn] = new ort.Tensor('float32', new Float32Array(size), shape);
    }
    return feeds;
  };
  const inputTensor = (input: Tensor): OrtTensor =>
    input.dtype === 'float32'
      ? new ort.Tensor('float32', input.data as Float32Array, [...input.shape])
      : new ort.Tensor('int32', input.data as Int32Array, [...input.shape]);

  const runOn = async (target: OrtInferenceSession, input: Tensor): Promise<Float32Array> => {
    const outputs = await target.run({
      [spec.input.name]: inputTensor(input),
      ...zeroState(input.shape[0]),
    });
    return outputs[spec.output.name].data as Float32Array;
  };

  const generateOn = async (target: OrtInferenceSession, tokens: Tensor): Promise<Float32Array> => {
    const [batch, steps] = tokens.shape;
    let state = zeroState(batch);
    let last: Float32Array = new Float32Array(0);
    const ids = tokens.data as Int32Array;
    for (let t = 0; t < steps; t++) {
      const step = new Int32Array(batch);
      for (let b = 0; b < batch; b++) step[b] = ids[b * steps + t];
      const outputs = await target.run({
        [spec.input.name]: new ort.Tensor('int32', step, [batch, 1]),
        ...state,
      });
      last = outputs[spec.output.name].data as Float32Array;
      const next: Feeds = {};
      for (const layer of layers) {
        const names = streamingStateNames(layer.name);
        next[names.hIn] = outputs[names.hOut];
        if (layer.type === 'lstm') next[names.cIn] = outputs[names.cOut];
      }
      state = next;
    }
    return last;
  };

  return {
    kind: runtime === 'node' ? 'raw-ort-node' : 'raw-ort-web',
    async runIndependently(input, generate) {
      // A session of its own on the exported bytes, default options: what a user would write.
      const own = await ort.InferenceSession.create(exportOnnx(model, { streamingState: true }));
      try {
        return await (generate ? generateOn(own, input) : runOn(own, input));
      } finally {
        await own.release();
      }
    },
    run: (input) => runOn(inference, input),
    generate: (tokens) => generateOn(inference, tokens),
    // The session is rnnkit's: it is released with it.
    async dispose() {},
  };
}
