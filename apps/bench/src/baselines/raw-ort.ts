/**
 * Baseline 2: a raw ONNX Runtime InferenceSession (onnxruntime-node, or onnxruntime-web's wasm
 * build) on rnnkit's exported graph of the same model, fed directly with ort.Tensor objects.
 * The graph is byte-for-byte the one rnnkit's ORT backends run (`exportOnnx` with
 * streamingState, zero initial state), so rnnkit / raw-ORT measures rnnkit's wrapper overhead
 * (input checks, state plumbing, output copies), not a different graph.
 */
import { availableParallelism } from 'node:os';
import { type Model, recurrentLayers, type Tensor } from '@rnnkit/core';
import { exportOnnx, streamingStateNames } from '@rnnkit/onnx';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import type { Baseline } from './baseline.js';

type OrtTensor = ortNode.Tensor;
type Feeds = Record<string, OrtTensor>;

interface OrtLike {
  Tensor: typeof ortNode.Tensor;
  InferenceSession: {
    create(bytes: Uint8Array, options?: object): Promise<ortNode.InferenceSession>;
  };
}

export async function createRawOrtBaseline(
  model: Model,
  runtime: 'node' | 'web',
): Promise<Baseline> {
  const ort = (runtime === 'node' ? ortNode : ortWeb) as unknown as OrtLike;
  const bytes = exportOnnx(model, { streamingState: true });
  // Same session options as createOrtNodeBackend (every core inside an operator, one across);
  // onnxruntime-web's wasm threads are global and already fixed by rnnkit's ort-web session.
  const options =
    runtime === 'node'
      ? {
          executionProviders: ['cpu'],
          intraOpNumThreads: availableParallelism(),
          interOpNumThreads: 1,
        }
      : { executionProviders: ['wasm'] };
  const session = await ort.InferenceSession.create(bytes, options);
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

  return {
    kind: runtime === 'node' ? 'raw-ort-node' : 'raw-ort-web',
    async run(input) {
      const outputs = await session.run({
        [spec.input.name]: inputTensor(input),
        ...zeroState(input.shape[0]),
      });
      return outputs[spec.output.name].data as Float32Array;
    },
    async generate(tokens) {
      const [batch, steps] = tokens.shape;
      let state = zeroState(batch);
      let last: Float32Array = new Float32Array(0);
      const ids = tokens.data as Int32Array;
      for (let t = 0; t < steps; t++) {
        const step = new Int32Array(batch);
        for (let b = 0; b < batch; b++) step[b] = ids[b * steps + t];
        const outputs = await session.run({
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
    },
    async dispose() {
      await session.release();
    },
  };
}
