/**
 * The rnnkit-wasm-threads row's baseline: rnnkit's tfjs-wasm backend (tfjs-backend-wasm, the
 * target's "1.5x tfjs-wasm") on a session of its own, driven like the rnnkit side (session.run).
 * Timed alternately with the threaded session call by call, so the ratio is threads / tfjs-wasm
 * with load bursts hitting both alike. tfjs-backend-wasm runs one thread in Node (its
 * multithreaded build is chosen only where the runtime says WebAssembly threads are supported,
 * which its check answers false under Node: apps/bench README "Session 7: worker threads").
 */
import { int32Tensor, type Model, type RecurrentState, type Tensor } from '@rnnkit/core';
import { createTfjsBackend } from '@rnnkit/tfjs';
import type { Baseline } from './baseline.js';

export async function createTfjsWasmSessionBaseline(model: Model): Promise<Baseline> {
  const session = await createTfjsBackend({ backend: 'wasm' }).load(model);
  const { input, output } = model.spec;
  const values = (data: Tensor['data']) =>
    data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>);
  return {
    kind: 'rnnkit-tfjs-wasm',
    async run(x) {
      return values((await session.run({ [input.name]: x })).outputs[output.name].data);
    },
    async generate(tokens) {
      const [batch, steps] = tokens.shape;
      const ids = tokens.data as Int32Array;
      let state: RecurrentState | undefined;
      let last: Float32Array = new Float32Array(0);
      for (let t = 0; t < steps; t++) {
        const step = new Int32Array(batch);
        for (let b = 0; b < batch; b++) step[b] = ids[b * steps + t];
        const result = await session.run(
          { [input.name]: int32Tensor([batch, 1], step) },
          { state },
        );
        state = result.state;
        last = values(result.outputs[output.name].data);
      }
      return last;
    },
    dispose: () => session.dispose(),
  };
}
