/**
 * config.pbtxt against Triton's own schema (protoc parses it as inference.ModelConfig, the
 * text-format parser Triton itself uses), and against the ONNX graph it describes: every input,
 * output and state has the graph's name, type and shape without the batch dimension.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  charRnnSpec,
  gruLanguageModelSpec,
  initializeWeights,
  type ModelSpec,
  sentimentLstmSpec,
  validateSpec,
} from '@rnnkit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeModel, OnnxDataType } from '../proto/index.js';
import { exportTritonRepository, type TritonRepository } from './export-triton.js';
import { quote } from './pbtxt.js';

const fixtures = fileURLToPath(new URL('./__fixtures__', import.meta.url));
const hasProtoc = spawnSync('protoc', ['--version']).status === 0;
const work = mkdtempSync(join(tmpdir(), 'rnnkit-triton-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** protoc's text-format parse of `text` as inference.ModelConfig, printed back as text. */
function protocRoundTrip(text: string): string {
  const encoded = execFileSync(
    'protoc',
    [`--proto_path=${fixtures}`, '--encode=inference.ModelConfig', 'model_config.proto'],
    { input: text },
  );
  return execFileSync(
    'protoc',
    [`--proto_path=${fixtures}`, '--decode=inference.ModelConfig', 'model_config.proto'],
    { input: encoded },
  ).toString();
}

const specs: Record<string, ModelSpec> = {
  'gru-lm': gruLanguageModelSpec({ vocabularySize: 50, embeddingDim: 8, units: 16 }),
  sentiment: sentimentLstmSpec({ vocabularySize: 50 }),
  'char-rnn': charRnnSpec(),
  'stacked-with-lengths': validateSpec({
    format: 'rnnkit-model',
    formatVersion: 1,
    name: 'stacked',
    input: { name: 'x', type: 'features', size: 3, timeSteps: 7 },
    sequenceLengths: { name: 'lengths' },
    layers: [
      {
        type: 'lstm',
        name: 'l1',
        units: 5,
        returnSequences: true,
        direction: 'bidirectional',
        paddedOutputs: 'zero',
      },
      { type: 'lstm', name: 'l2', units: 5 },
    ],
    output: { name: 'y' },
    stateOutputs: [{ name: 'h_n', kind: 'h', layers: ['l1', 'l2'] }],
  }),
};

function repoFor(spec: ModelSpec): TritonRepository {
  return exportTritonRepository({ spec, weights: initializeWeights(spec, { seed: 1 }) });
}

const TYPE: Record<number, string> = {
  [OnnxDataType.FLOAT]: 'TYPE_FP32',
  [OnnxDataType.INT32]: 'TYPE_INT32',
};

/** The entries `name: "…" data_type: … dims: [ … ]` of one config section, as protoc prints them. */
function entries(text: string, section: string): { name: string; type: string; dims: number[] }[] {
  const found: { name: string; type: string; dims: number[] }[] = [];
  const block = new RegExp(`^${section} \\{\\n([\\s\\S]*?)^\\}`, 'gm');
  for (const match of text.matchAll(block)) {
    const body = match[1];
    found.push({
      name: /name: "([^"]*)"/.exec(body)![1],
      type: /data_type: (\w+)/.exec(body)![1],
      dims: [...body.matchAll(/^ {2}dims: (-?\d+)/gm)].map((m) => Number(m[1])),
    });
  }
  return found;
}

describe('Triton config.pbtxt', () => {
  it.skipIf(!hasProtoc).each(Object.keys(specs))(
    '%s: parses as inference.ModelConfig and matches the ONNX graph',
    (key) => {
      const repo = repoFor(specs[key]);
      const printed = protocRoundTrip(repo.config);
      expect(printed).toMatch(/^backend: "onnxruntime"$/m);
      expect(printed).toMatch(/^max_batch_size: 8$/m);
      const onnx = repo.files.find((f) => f.path === `${repo.name}/1/model.onnx`)!;
      const graph = decodeModel(onnx.contents as Uint8Array).graph;
      const describe = (info: (typeof graph.input)[number]) => ({
        name: info.name,
        type: TYPE[info.type!.elemType],
        // Triton's dims leave out the leading batch dimension; dynamic sizes are -1.
        dims: info.type!.shape!.slice(1).map((d) => (typeof d === 'number' ? d : -1)),
      });
      const stateInputs = new Set(repo.states.map((s) => s.inputName));
      const stateOutputs = new Set(repo.states.map((s) => s.outputName));
      for (const info of [...graph.input, ...graph.output])
        expect(info.type!.shape![0]).toBe('batch');

      const configInputs = entries(printed, 'input');
      const graphInputs = graph.input.filter((i) => !stateInputs.has(i.name)).map(describe);
      // A [batch] tensor is declared as dims [1] reshaped to [] (Triton's way for batch-only tensors).
      expect(configInputs).toEqual(
        graphInputs.map((i) => (i.dims.length === 0 ? { ...i, dims: [1] } : i)),
      );
      expect(entries(printed, 'output')).toEqual(
        graph.output.filter((o) => !stateOutputs.has(o.name)).map(describe),
      );
      for (const state of repo.states) {
        const input = describe(graph.input.find((i) => i.name === state.inputName)!);
        const output = describe(graph.output.find((o) => o.name === state.outputName)!);
        expect(input.dims).toEqual(state.dims);
        expect(output.dims).toEqual(state.dims);
        expect(printed).toContain(`input_name: ${quote(state.inputName)}`);
        expect(printed).toContain(`output_name: ${quote(state.outputName)}`);
      }
      expect(printed.match(/zero_data: true/g)?.length).toBe(repo.states.length);
    },
  );

  it.skipIf(!hasProtoc)('protoc refuses what Triton would refuse (the check can fail)', () => {
    const repo = repoFor(specs.sentiment);
    expect(() => protocRoundTrip(repo.config.replace('max_batch_size', 'max_batch'))).toThrow();
    expect(() => protocRoundTrip(repo.config.replace('TYPE_INT32', 'TYPE_INT33'))).toThrow();
  });

  it('names, batch sizes and idle times are checked', () => {
    const spec = specs['char-rnn'];
    const model = { spec, weights: initializeWeights(spec, { seed: 1 }) };
    expect(() => exportTritonRepository(model, { name: '../up' })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', path: 'name' }),
    );
    expect(() => exportTritonRepository(model, { maxBatchSize: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', path: 'maxBatchSize' }),
    );
    expect(() => exportTritonRepository(model, { maxSequenceIdleMicroseconds: 1.5 })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', path: 'maxSequenceIdleMicroseconds' }),
    );
    const repo = exportTritonRepository(model, { name: 'chars', maxBatchSize: 32 });
    expect(repo.files.map((f) => f.path)).toEqual(['chars/config.pbtxt', 'chars/1/model.onnx']);
    expect(repo.config).toMatch(/^max_batch_size: 32$/m);
  });

  it('quotes names the way protobuf text format reads them', () => {
    expect(quote('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(quote('é\n')).toBe('"\\303\\251\\012"');
  });
});
