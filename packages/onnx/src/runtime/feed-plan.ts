/**
 * How each graph input of an exported model is fed, worked out once at load from the spec and the
 * session's metadata: which source it comes from and the dtype the graph declares (token ids may
 * be int32 or int64 in the graph; `Gather` takes either).
 */
import { type ModelSpec, RnnkitError, recurrentLayers } from '@rnnkit/core';
import type { OrtInferenceSession } from './ort-module.js';
import { stateInputName, stateOutputName } from './state-names.js';

export type FeedSource =
  | { kind: 'data'; dtype: 'int32' | 'int64' | 'float32' }
  | { kind: 'lengths'; dtype: 'int32' | 'int64' }
  | { kind: 'state'; layer: string; state: 'h' | 'c' };

export interface FeedPlan {
  inputs: Map<string, FeedSource>;
  /** Graph output name -> layer and state kind. */
  stateOutputs: { name: string; layer: string; state: 'h' | 'c' }[];
  mainOutput: string;
}

function declaredType(session: OrtInferenceSession, name: string): string | undefined {
  const meta = session.inputMetadata?.find((m) => m.name === name);
  return meta?.isTensor ? meta.type : undefined;
}

export function planFeeds(
  spec: ModelSpec,
  session: OrtInferenceSession,
  backend: string,
): FeedPlan {
  const inputs = new Map<string, FeedSource>();
  const stateOutputs: FeedPlan['stateOutputs'] = [];
  const stateInputs = new Map<string, { layer: string; state: 'h' | 'c' }>();
  for (const layer of recurrentLayers(spec)) {
    const kinds: ('h' | 'c')[] = layer.type === 'lstm' ? ['h', 'c'] : ['h'];
    for (const kind of kinds) {
      stateInputs.set(stateInputName(layer.name, kind), { layer: layer.name, state: kind });
      stateOutputs.push({
        name: stateOutputName(layer.name, kind),
        layer: layer.name,
        state: kind,
      });
    }
  }
  const internal = (message: string) =>
    new RnnkitError('INTERNAL', `${backend}: the exported graph ${message}`, { backend });

  for (const name of session.inputNames) {
    const type = declaredType(session, name);
    if (name === spec.input.name) {
      if (spec.input.type === 'tokens') {
        inputs.set(name, { kind: 'data', dtype: type === 'int64' ? 'int64' : 'int32' });
      } else {
        inputs.set(name, { kind: 'data', dtype: 'float32' });
      }
    } else if (spec.sequenceLengths && name === spec.sequenceLengths.name) {
      inputs.set(name, { kind: 'lengths', dtype: type === 'int64' ? 'int64' : 'int32' });
    } else if (stateInputs.has(name)) {
      const { layer, state } = stateInputs.get(name)!;
      inputs.set(name, { kind: 'state', layer, state });
    } else {
      throw internal(`declares an input '${name}' the runner does not know how to feed`);
    }
  }
  if (!inputs.has(spec.input.name)) throw internal(`has no input '${spec.input.name}'`);
  const outputNames = new Set(session.outputNames);
  if (!outputNames.has(spec.output.name)) throw internal(`has no output '${spec.output.name}'`);
  for (const output of stateOutputs) {
    if (!outputNames.has(output.name)) throw internal(`has no state output '${output.name}'`);
  }
  return { inputs, stateOutputs, mainOutput: spec.output.name };
}
