/**
 * The rnnkit-wasm-relaxed row's baseline: the same engine's SIMD128 build (mul + add where the
 * relaxed build has relaxed_madd), a session of its own on the same model, driven exactly like
 * the rnnkit side (session.run; one token per call with the state fed back). Timed alternately
 * with the relaxed session call by call, so the ratio is relaxed / SIMD128 with load bursts hitting
 * both alike: the question that row answers. Its ratio to raw ORT is this ratio times the
 * rnnkit-wasm row's.
 */
import { int32Tensor, type Model, type RecurrentState, type Tensor } from '@rnnkit/core';
import { createWasmBackend } from '@rnnkit/wasm';
import type { Baseline } from './baseline.js';

export async function createWasmSimd128Baseline(model: Model): Promise<Baseline> {
  const session = await createWasmBackend({ simd: 'simd128' }).load(model);
  const { input, output } = model.spec;
  const values = (data: Tensor['data']) =>
    data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>);
  return {
    kind: 'rnnkit-wasm-simd128',
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
