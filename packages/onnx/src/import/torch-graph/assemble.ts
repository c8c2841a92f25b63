/**
 * From the lifted graph outputs to a spec: exactly one output carries the model's data (the main
 * output, its layers are the spec's layers); the others must be stacked final states
 * (stateOutputs). State graph inputs must tile their rows over the layers that read them, in layer
 * order, which is PyTorch's h0/c0 layout and the spec's stateInputs stacking.
 */
import {
  type InputSpec,
  isRecurrentLayer,
  type ModelSpec,
  RnnkitError,
  type StateTensorSpec,
} from '@rnnkit/core';
import type { OnnxGraph } from '../../proto/types.js';
import { type LiftContext, refuse } from './context.js';
import type { DataInput } from './graph-inputs.js';
import type { DataValue } from './values.js';

function refuseOutput(name: string, detail: string): RnnkitError {
  return new RnnkitError('UNSUPPORTED_FEATURE', `cannot import graph output '${name}': ${detail}`, {
    path: name,
    feature: 'ONNX graph output',
    backend: 'onnx-import',
  });
}

export interface AssembledSpec {
  spec: ModelSpec;
  /** The main output keeps a time axis and it comes first ([time, batch, features]). */
  outputTimeMajor: boolean;
}

function mainOutput(
  graph: OnnxGraph,
  ctx: LiftContext,
): { name: string; value: DataValue; timeMajor: boolean } {
  for (const output of graph.output) {
    const value = ctx.values.get(output.name);
    if (value?.kind === 'stateRow') {
      throw refuse(
        value.node,
        `row ${value.direction} is one direction of bidirectional layer '${value.entry.layer}'; the spec's output merges both (torch.cat((h_n[-2], h_n[-1]), dim=1) is understood)`,
      );
    }
  }
  const mains = graph.output.filter((o) => ctx.values.get(o.name)?.kind === 'data');
  if (mains.length !== 1) {
    const names = mains.map((o) => `'${o.name}'`).join(', ');
    throw new RnnkitError(
      'UNSUPPORTED_FEATURE',
      mains.length === 0
        ? 'the graph has no output computed from the model input other than final states; the spec needs a main output'
        : `the graph has ${mains.length} outputs computed from the model input (${names}); the spec has one main output`,
      { feature: 'ONNX graph outputs', backend: 'onnx-import' },
    );
  }
  const name = mains[0].name;
  const value = ctx.values.get(name) as DataValue;
  if (value.axes.some((a) => (a.tag === 'in0' || a.tag === 'in1') && a.sorted === true))
    throw refuseOutput(
      name,
      "its batch is still in pack_padded_sequence's sorted order (no inverse permutation)",
    );
  const tags = value.axes.map((a) => a.tag);
  const time = ctx.timeAxis;
  const batch = time === 'in0' ? 'in1' : 'in0';
  const sequence =
    value.layers.filter(isRecurrentLayer).at(-1)?.returnSequences !== false &&
    !value.layers.some((layer) => layer.type === 'selectStep' || layer.type === 'pooling');
  const expected = sequence
    ? [
        [batch, time, 'feature'],
        [time, batch, 'feature'],
      ]
    : [[batch, 'feature']];
  if (
    time === undefined ||
    !expected.some((e) => e.length === tags.length && e.every((t, i) => t === tags[i]))
  ) {
    throw refuseOutput(
      name,
      `its axes [${tags}] are not ${sequence ? '[batch, time, features] or [time, batch, features]' : '[batch, features]'}`,
    );
  }
  return { name, value, timeMajor: sequence && tags[0] === time };
}

function stateOutputs(graph: OnnxGraph, ctx: LiftContext, layers: Set<string>): StateTensorSpec[] {
  const result: StateTensorSpec[] = [];
  for (const output of graph.output) {
    const value = ctx.values.get(output.name);
    if (value?.kind === 'data') continue;
    if (value?.kind !== 'finalState') {
      throw refuseOutput(
        output.name,
        `it is ${value ? `a ${value.kind} value` : 'not computed'}, not the model output or a final state`,
      );
    }
    if (value.entries.some((e) => e.sorted === true))
      throw refuseOutput(
        output.name,
        "its batch is still in pack_padded_sequence's sorted order (no inverse permutation)",
      );
    const missing = value.entries.find((e) => !layers.has(e.layer));
    if (missing)
      throw refuseOutput(
        output.name,
        `it holds the state of layer '${missing.layer}', which the main output does not depend on`,
      );
    result.push({
      name: output.name,
      kind: value.state,
      layers: value.entries.map((e) => e.layer),
    });
  }
  return result;
}

function stateInputs(
  ctx: LiftContext,
  states: Map<string, number>,
  layers: string[],
): StateTensorSpec[] {
  const uses = new Map<string, { kind: 'h' | 'c'; layer: string; start: number; end: number }[]>();
  for (const record of ctx.recurrent.values()) {
    for (const [kind, initial] of [
      ['h', record.initialH],
      ['c', record.initialC],
    ] as const) {
      if (initial?.kind !== 'input') continue;
      if (!layers.includes(record.layer)) {
        throw new RnnkitError(
          'UNSUPPORTED_FEATURE',
          `state input '${initial.input}' feeds layer '${record.layer}', which the main output does not depend on`,
          {
            path: initial.input,
            feature: 'ONNX graph input',
            backend: 'onnx-import',
          },
        );
      }
      const list = uses.get(initial.input) ?? [];
      list.push({ kind, layer: record.layer, start: initial.start, end: initial.end });
      uses.set(initial.input, list);
    }
  }
  const result: StateTensorSpec[] = [];
  for (const [input, rows] of states) {
    const list = (uses.get(input) ?? []).sort(
      (a, b) => layers.indexOf(a.layer) - layers.indexOf(b.layer),
    );
    const fail = (detail: string) =>
      new RnnkitError('UNSUPPORTED_FEATURE', `cannot import state input '${input}': ${detail}`, {
        path: input,
        feature: 'ONNX graph input',
        backend: 'onnx-import',
      });
    if (list.length === 0) throw fail('no recurrent layer reads it');
    if (list.some((u) => u.kind !== list[0].kind))
      throw fail('it is used both as a hidden and as a cell state');
    let next = 0;
    for (const use of list) {
      if (use.start !== next)
        throw fail(
          `layer '${use.layer}' reads rows [${use.start}, ${use.end}), expected to start at row ${next}`,
        );
      next = use.end;
    }
    if (next !== rows) throw fail(`the layers read ${next} of its ${rows} rows`);
    result.push({ name: input, kind: list[0].kind, layers: list.map((u) => u.layer) });
  }
  return result;
}

/**
 * The lengths graph input becomes `sequenceLengths` when every recurrent layer of the main output
 * reads it: the spec's lengths apply to all of them, so a graph where only some do is refused.
 */
function sequenceLengths(ctx: LiftContext, layers: string[]): string | undefined {
  const input = ctx.lengthsInput;
  if (input === undefined) return undefined;
  const fail = (detail: string) =>
    new RnnkitError('UNSUPPORTED_FEATURE', `cannot import lengths input '${input}': ${detail}`, {
      path: input,
      feature: 'ONNX graph input',
      backend: 'onnx-import',
    });
  const unpacked = layers.filter((layer) => ctx.recurrent.get(layer)?.packed !== true);
  if (unpacked.length === layers.length)
    throw fail('no recurrent layer of the main output reads it as sequence_lens');
  if (unpacked.length > 0) {
    throw fail(
      `layer(s) ${unpacked.map((l) => `'${l}'`).join(', ')} run without it while others read it; the spec's sequenceLengths apply to every recurrent layer`,
    );
  }
  return input;
}

export function assembleSpec(
  graph: OnnxGraph,
  ctx: LiftContext,
  data: DataInput,
  states: Map<string, number>,
): AssembledSpec {
  if (ctx.timeAxis === undefined) {
    throw new RnnkitError(
      'UNSUPPORTED_FEATURE',
      'the graph has no RNN, LSTM or GRU node reading the model input',
      {
        feature: 'ONNX graph',
        backend: 'onnx-import',
      },
    );
  }
  const main = mainOutput(graph, ctx);
  const recurrentNames = main.value.layers.filter(isRecurrentLayer).map((l) => l.name);
  const timeDim = data.info.type?.shape?.[ctx.timeAxis === 'in0' ? 0 : 1];
  const input: InputSpec =
    data.type === 'tokens'
      ? { name: data.info.name, type: 'tokens' }
      : { name: data.info.name, type: 'features', size: data.size as number };
  // A graph exported without a dynamic time axis is only known to be right at that length.
  if (typeof timeDim === 'number') input.timeSteps = timeDim;
  const spec: ModelSpec = {
    format: 'rnnkit-model',
    formatVersion: 1,
    input,
    layers: main.value.layers,
    output: { name: main.name },
  };
  if (graph.name) spec.name = graph.name;
  const lengths = sequenceLengths(
    ctx,
    main.value.layers.filter(isRecurrentLayer).map((l) => l.name),
  );
  if (lengths !== undefined) spec.sequenceLengths = { name: lengths };
  const inputsSpec = stateInputs(ctx, states, recurrentNames);
  if (inputsSpec.length > 0) spec.stateInputs = inputsSpec;
  const outputsSpec = stateOutputs(graph, ctx, new Set(recurrentNames));
  if (outputsSpec.length > 0) spec.stateOutputs = outputsSpec;
  return { spec, outputTimeMajor: main.timeMajor };
}
