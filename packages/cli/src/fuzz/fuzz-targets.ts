/**
 * One fuzz target per importer: seeds (real files from the repository), a format-aware mutator,
 * and the importer call. Every input must end in success or an RnnkitError.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  charRnnSpec,
  createReferenceBackend,
  decodeSafetensors,
  expectedWeights,
  float32Tensor,
  initializeWeights,
  int32Tensor,
  parseSpec,
  readTensorJson,
  sentimentLstmSpec,
  writeTensorJson,
} from '@rnnkit/core';
import { readKerasFile, readKerasH5, readTfjsLayersModel } from '@rnnkit/keras';
import { exportOnnx, importOnnx } from '@rnnkit/onnx';
import { readPtStateDict, readTorchStateDict } from '@rnnkit/torch';
import type { FuzzRandom } from './fuzz-random.js';
import { mutateBytes } from './mutate-bytes.js';
import { mutateJsonText } from './mutate-json.js';
import { mutateProtobuf } from './mutate-protobuf.js';
import { readZip, writeStoredZip } from './zip-archive.js';

const packages = fileURLToPath(new URL('../../../', import.meta.url));
const file = (path: string) => new Uint8Array(readFileSync(join(packages, path)));
const files = (dir: string, pattern: RegExp, limit: number) =>
  readdirSync(join(packages, dir))
    .filter((name) => pattern.test(name))
    .sort()
    .slice(0, limit)
    .map((name) => file(join(dir, name)));

const utf8 = new TextDecoder();
const encode = (text: string) => new TextEncoder().encode(text);

export interface FuzzTarget {
  name: string;
  seeds: () => Uint8Array[];
  mutate: (seed: Uint8Array, random: FuzzRandom) => Uint8Array;
  run: (input: Uint8Array) => unknown;
}

/** A zip's entries mutated one at a time with the mutator for their kind. */
function mutateZipEntry(
  seed: Uint8Array,
  random: FuzzRandom,
  entryMutator: (name: string, data: Uint8Array) => Uint8Array,
): Uint8Array {
  const entries = random.chance(0.1) ? undefined : readZip(seed);
  if (!entries || entries.size === 0) return mutateBytes(seed, random, 4096);
  const names = [...entries.keys()];
  const name = random.pick(names);
  if (random.chance(0.1)) entries.delete(name);
  else entries.set(name, entryMutator(name, entries.get(name) as Uint8Array));
  return writeStoredZip(entries);
}

const jsonBytes = (data: Uint8Array, random: FuzzRandom) =>
  encode(mutateJsonText(utf8.decode(data), random));

const tinySpec = () =>
  JSON.stringify({
    format: 'rnnkit-model',
    formatVersion: 1,
    input: { name: 'x', type: 'features', size: 3 },
    layers: [
      { type: 'lstm', name: 'lstm', units: 4, returnSequences: true },
      { type: 'gru', name: 'gru', units: 3, resetAfter: true },
      { type: 'dense', name: 'head', units: 2, activation: 'softmax' },
    ],
    output: { name: 'y' },
    stateOutputs: [{ name: 'h', kind: 'h', layers: ['gru'] }],
  });

/** Runs a valid fuzzed spec on the reference executor when it is small enough to be quick. */
async function runSpec(text: string): Promise<void> {
  const spec = parseSpec(text);
  const parameters = expectedWeights(spec).reduce(
    (n, w) => n + w.shape.reduce((a, b) => a * b, 1),
    0,
  );
  if (parameters > 50_000) return;
  const session = await createReferenceBackend().load({
    spec,
    weights: initializeWeights(spec, { seed: 1 }),
  });
  const input =
    spec.input.type === 'tokens'
      ? int32Tensor([1, 3], [1, 0, 1])
      : float32Tensor([1, 3, spec.input.size], new Array(3 * spec.input.size).fill(0.5));
  await session.run({ [spec.input.name]: input });
}

const TFJS = 'keras/src/__fixtures__/real/tfjs_reiinakano_lstm_textgen';

export const FUZZ_TARGETS: FuzzTarget[] = [
  {
    name: 'onnx',
    seeds: () => [
      ...files('onnx/src/__fixtures__/torch-export', /_opset1[134]\.onnx$/, 6),
      file('onnx/src/__fixtures__/onnx-node/test_gru_seq_length/model.onnx'),
      exportOnnx({
        spec: parseSpec(tinySpec()),
        weights: initializeWeights(parseSpec(tinySpec()), { seed: 2 }),
      }),
    ],
    mutate: mutateProtobuf,
    run: (input) => importOnnx(input),
  },
  {
    name: 'keras-h5',
    seeds: () => [
      file('cli/src/commands/__fixtures__/keras/simple_rnn_tf_keras_2_model.h5'),
      file('keras/src/__fixtures__/independent/keras3_legacy.h5'),
    ],
    mutate: (seed, random) => mutateBytes(seed, random, 8192),
    run: (input) => readKerasH5(input),
  },
  {
    name: 'keras-v3',
    seeds: () => [
      file('keras/src/__fixtures__/independent/keras3_embedding_mask.keras'),
      file('keras/src/__fixtures__/independent/keras3_bidirectional_gru.keras'),
    ],
    mutate: (seed, random) =>
      mutateZipEntry(seed, random, (name, data) =>
        name.endsWith('.json') ? jsonBytes(data, random) : mutateBytes(data, random, 8192),
      ),
    run: (input) => readKerasFile(input),
  },
  {
    name: 'tfjs-layers',
    // The seed is model.json and its two shards packed as a stored zip (the fuzzer's container).
    seeds: () => [
      writeStoredZip(
        new Map([
          ['model.json', file(`${TFJS}/model.json`)],
          ['group1-shard1of1', file(`${TFJS}/group1-shard1of1`)],
          ['group2-shard1of1', file(`${TFJS}/group2-shard1of1`)],
        ]),
      ),
    ],
    mutate: (seed, random) =>
      mutateZipEntry(seed, random, (name, data) =>
        name === 'model.json' ? jsonBytes(data, random) : mutateBytes(data, random),
      ),
    run: (input) => {
      const entries = readZip(input) ?? new Map<string, Uint8Array>();
      const modelJson = entries.get('model.json') ?? new Uint8Array();
      entries.delete('model.json');
      return readTfjsLayersModel(modelJson, Object.fromEntries(entries));
    },
  },
  {
    name: 'safetensors',
    seeds: () => files('torch/src/__fixtures__/torch-written', /\.safetensors$/, 6),
    mutate: (seed, random) => {
      // Mostly the JSON header (kept framed by its length), sometimes the raw bytes.
      const length =
        seed.length >= 8
          ? Number(new DataView(seed.buffer, seed.byteOffset).getBigUint64(0, true))
          : 0;
      if (random.chance(0.3) || 8 + length > seed.length) return mutateBytes(seed, random, 256);
      const header = encode(mutateJsonText(utf8.decode(seed.subarray(8, 8 + length)), random));
      const out = new Uint8Array(8 + header.length + seed.length - 8 - length);
      new DataView(out.buffer).setBigUint64(0, BigInt(header.length), true);
      out.set(header, 8);
      out.set(seed.subarray(8 + length), 8 + header.length);
      return out;
    },
    run: (input) => {
      decodeSafetensors(input);
      return readTorchStateDict(input);
    },
  },
  {
    name: 'torch-pt',
    seeds: () => [
      ...files('torch/src/__fixtures__/pt-written', /\.pt$/, 10),
      file('torch/src/__fixtures__/torch-pt/cs177h-virus-gru/gru_model.pt'),
      file('torch/src/__fixtures__/torch-pt/ergo-tcr-pep-lstm/lstm_mcpas_specific__model.pt'),
    ],
    mutate: (seed, random) =>
      seed[0] === 0x50 && random.chance(0.8)
        ? mutateZipEntry(seed, random, (name, data) =>
            mutateBytes(data, random, name.endsWith('.pkl') ? data.length : 64),
          )
        : mutateBytes(seed, random, 4096),
    run: (input) => {
      readPtStateDict(input);
      return readTorchStateDict(input);
    },
  },
  {
    name: 'spec',
    seeds: () => [
      encode(tinySpec()),
      encode(
        JSON.stringify(
          sentimentLstmSpec({ vocabularySize: 50, embeddingDim: 4, units: 4, maskZero: true }),
        ),
      ),
      encode(JSON.stringify(charRnnSpec({ inputSize: 5, hiddenSize: 8, outputSize: 3 }))),
    ],
    mutate: (seed, random) => jsonBytes(seed, random),
    run: (input) => runSpec(utf8.decode(input)),
  },
  {
    name: 'tensor-json',
    seeds: () => [
      encode(
        writeTensorJson({
          x: float32Tensor([1, 2, 3], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]),
          lengths: int32Tensor([1], [2]),
        }),
      ),
      file('cli/src/commands/__fixtures__/torch-export/gru_seq_time_major_opset14.inputs.json'),
    ],
    mutate: (seed, random) => jsonBytes(seed, random),
    run: (input) => readTensorJson(utf8.decode(input)),
  },
];
