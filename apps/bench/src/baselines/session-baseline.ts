/**
 * A baseline that is another rnnkit session on the same model, driven exactly like the rnnkit
 * side (session.run; generation one token per call with the state fed back), so the two can be
 * timed alternately call by call. The SIMD128 build against the relaxed one
 * (wasm-simd128.ts) and tfjs-wasm against the threaded engine (tfjs-wasm-session.ts) differ
 * only in the session they wrap.
 */
import {
  int32Tensor,
  type Model,
  type RecurrentState,
  type Session,
  type Tensor,
} from '@rnnkit/core';
import type { Baseline } from './baseline.js';

export function sessionBaseline(kind: Baseline['kind'], session: Session, model: Model): Baseline {
  const { input, output } = model.spec;
  const values = (data: Tensor['data']) =>
    data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>);
  return {
    kind,
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
