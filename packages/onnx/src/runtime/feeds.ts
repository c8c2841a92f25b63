/**
 * Turns a prepared run into ORT feeds. Typed arrays are handed to ORT as they are (an ORT tensor
 * wraps its array), so a state returned by one run goes into the next without a copy here; when
 * that state still is the very array of an ORT output, the output tensor itself is fed back, as a
 * hand-written ORT loop would, and no new ORT tensor is built for it.
 */
import type { Tensor } from '@rnnkit/core';
import { nameRecord } from '@rnnkit/core';
import type { FeedPlan } from './feed-plan.js';
import type { OrtModule, OrtTensor } from './ort-module.js';
import type { RunnerInputs } from './prepare-run.js';

function asFloat32(tensor: Tensor): Float32Array {
  return tensor.data instanceof Float32Array
    ? tensor.data
    : Float32Array.from(tensor.data as ArrayLike<number>);
}

function toInt64(values: Int32Array): BigInt64Array {
  const out = new BigInt64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = BigInt(values[i]);
  return out;
}

/** ORT output tensors by their data array: how a returned state finds its way back to ORT. */
export type OrtOutputLookup = (data: Tensor['data']) => OrtTensor | undefined;

function sameDims(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((dim, i) => dim === b[i]);
}

export function buildFeeds(
  ort: OrtModule,
  plan: FeedPlan,
  prepared: RunnerInputs,
  featureSize: number,
  previousOutput: OrtOutputLookup = () => undefined,
): Record<string, OrtTensor> {
  const { batch, time } = prepared;
  const feeds: Record<string, OrtTensor> = nameRecord();
  plan.inputs.forEach((source, name) => {
    if (source.kind === 'data') {
      if (source.dtype === 'float32') {
        feeds[name] = new ort.Tensor('float32', prepared.features!, [batch, time, featureSize]);
      } else if (source.dtype === 'int64') {
        feeds[name] = new ort.Tensor('int64', toInt64(prepared.tokens!), [batch, time]);
      } else {
        feeds[name] = new ort.Tensor('int32', prepared.tokens!, [batch, time]);
      }
    } else if (source.kind === 'lengths') {
      // Lengths are optional at run time; without them every step of every example is real.
      const lengths = prepared.lengths ?? new Int32Array(batch).fill(time);
      feeds[name] =
        source.dtype === 'int64'
          ? new ort.Tensor('int64', toInt64(lengths), [batch])
          : new ort.Tensor('int32', lengths, [batch]);
    } else {
      const tensor = prepared.initialState[source.layer][source.state]!;
      const output = previousOutput(tensor.data);
      feeds[name] =
        output && output.type === 'float32' && sameDims(output.dims, tensor.shape)
          ? output
          : new ort.Tensor('float32', asFloat32(tensor), tensor.shape);
    }
  });
  return feeds;
}
