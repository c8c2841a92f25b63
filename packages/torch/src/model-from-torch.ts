/**
 * State dict tensors + module description -> rnnkit model (spec and canonical weights).
 *
 * Every tensor is taken exactly once: a missing one, one of the wrong shape, and one left over
 * when every module has taken its own are INVALID_WEIGHTS naming the tensor. Shapes are checked
 * against the sizes flowing from module to module, so a Linear that cannot read the recurrent
 * output fails here, not at run time.
 */
import {
  LAYER_NAME_PATTERN,
  type LayerSpec,
  type Model,
  type ModelSpec,
  type RecurrentLayer,
  validateModel,
  validateSpec,
  type Weights,
  type WeightTensor,
} from '@rnnkit/core';
import { checkDescription } from './check-description.js';
import { descriptionError, shapeText, torchUnsupported, weightsError } from './errors.js';
import { kernelFromTorch, swapGateBlocks, transpose } from './gate-order.js';
import type {
  EmbeddingModule,
  LinearModule,
  ModuleDescription,
  RecurrentKind,
  RecurrentModule,
} from './module-description.js';
import { describePrefix, joinName, recurrentName } from './torch-names.js';

export const GATES: Record<RecurrentKind, number> = { rnn: 1, lstm: 4, gru: 3 };
const SPEC_TYPE = { rnn: 'simpleRnn', lstm: 'lstm', gru: 'gru' } as const;

/** The spec layer name for a module: its `name`, else its prefix when that is a valid name. */
export function moduleLayerName(module: { prefix: string; name?: string; kind: string }): string {
  if (module.name !== undefined) return module.name;
  if (LAYER_NAME_PATTERN.test(module.prefix)) return module.prefix;
  const cleaned = module.prefix.replace(/[^A-Za-z0-9_.-]/g, '_');
  return cleaned === '' ? module.kind : `${module.kind}_${cleaned}`;
}

class TensorPool {
  private readonly remaining: Map<string, WeightTensor>;
  constructor(private readonly all: ReadonlyMap<string, WeightTensor>) {
    this.remaining = new Map(all);
  }

  has(name: string): boolean {
    return this.all.has(name);
  }

  peek(name: string, needed: string): WeightTensor {
    const tensor = this.all.get(name);
    if (!tensor) throw weightsError(name, `missing (${needed})`);
    return tensor;
  }

  take(name: string, shape: number[], why: string): Float32Array {
    const tensor = this.remaining.get(name);
    if (!tensor) {
      throw weightsError(
        name,
        this.all.has(name)
          ? `claimed by two modules`
          : `missing (${why} needs it with shape ${shapeText(shape)})`,
      );
    }
    const same =
      tensor.shape.length === shape.length && tensor.shape.every((dim, i) => dim === shape[i]);
    if (!same) {
      throw weightsError(
        name,
        `has shape ${shapeText(tensor.shape)}, expected ${shapeText(shape)} (${why})`,
      );
    }
    this.remaining.delete(name);
    return tensor.data;
  }

  leftovers(): string[] {
    return [...this.remaining.keys()];
  }
}

interface Flow {
  /** Undefined before the first module of a features model: read from weight_ih_l0. */
  features: number | undefined;
  sequence: boolean;
}

export function modelFromTorchTensors(
  tensors: ReadonlyMap<string, WeightTensor>,
  descriptionInput: ModuleDescription,
  /**
   * false when only the weights are wanted and the caller checks them against its own spec (a
   * spec with parameter-free layers the description does not list, such as concatStates).
   */
  checkSpec = true,
): Model {
  const description = checkDescription(descriptionInput);
  const pool = new TensorPool(tensors);
  const weights: Weights = new Map();
  const layers: LayerSpec[] = [];
  const firstWeighted = description.modules.find((module) => module.kind !== 'dropout');
  const tokens = firstWeighted?.kind === 'embedding';
  if (description.input?.type === 'features' && tokens) {
    throw descriptionError(
      'input.type',
      "is 'features' but the first module is an Embedding (it reads token ids)",
    );
  }
  if (description.input?.type === 'tokens' && !tokens) {
    throw descriptionError('input.type', "is 'tokens' but the first module is not an Embedding");
  }
  const flow: Flow = { features: tokens ? undefined : description.input?.size, sequence: true };
  let inputSize = tokens ? undefined : description.input?.size;

  description.modules.forEach((module, index) => {
    const path = `modules[${index}]`;
    switch (module.kind) {
      case 'dropout':
        layers.push({ type: 'dropout', name: module.name, rate: module.rate });
        break;
      case 'embedding':
        if (index !== description.modules.indexOf(firstWeighted as EmbeddingModule)) {
          throw descriptionError(
            path,
            'an Embedding must be the first module (it reads the token ids)',
          );
        }
        readEmbedding(module, pool, weights, layers, flow);
        break;
      case 'linear':
        readLinear(module, path, pool, weights, layers, flow);
        break;
      default: {
        readRecurrent(module, path, pool, weights, layers, flow);
        if (!tokens && inputSize === undefined) inputSize = recurrentInputSize(layers, weights);
      }
    }
  });

  const leftovers = pool.leftovers();
  if (leftovers.length > 0) {
    throw weightsError(
      leftovers[0],
      `not used by any module in the description${leftovers.length > 1 ? ` (unused: ${leftovers.join(', ')})` : ''}`,
    );
  }
  if (!tokens && inputSize === undefined) {
    throw descriptionError(
      'modules',
      'a features model needs a recurrent module before any Linear',
    );
  }

  const input = description.input ?? {};
  const spec: ModelSpec = {
    format: 'rnnkit-model',
    formatVersion: 1,
    ...(description.name !== undefined ? { name: description.name } : {}),
    input: tokens
      ? { name: input.name ?? 'input', type: 'tokens', ...timeSteps(input.timeSteps) }
      : {
          name: input.name ?? 'input',
          type: 'features',
          size: inputSize as number,
          ...timeSteps(input.timeSteps),
        },
    layers,
    output: { name: description.output?.name ?? 'output' },
  };
  if (!checkSpec) return { spec, weights };
  const model = { spec: validateSpec(spec), weights };
  validateModel(model);
  return model;
}

function timeSteps(value: number | undefined): { timeSteps?: number } {
  return value === undefined ? {} : { timeSteps: value };
}

/** The first recurrent layer's input size, read back from its kernel. */
function recurrentInputSize(layers: LayerSpec[], weights: Weights): number {
  const layer = layers.find((l) => l.type === 'simpleRnn' || l.type === 'lstm' || l.type === 'gru');
  const name = layer?.name as string;
  const kernel = weights.get(`${name}/kernel`) ?? weights.get(`${name}/forward/kernel`);
  return (kernel as WeightTensor).shape[0];
}

function readEmbedding(
  module: EmbeddingModule,
  pool: TensorPool,
  weights: Weights,
  layers: LayerSpec[],
  flow: Flow,
) {
  const key = joinName(module.prefix, 'weight');
  const weight = pool.peek(
    key,
    `nn.Embedding ${describePrefix(module.prefix)} needs its weight [num, dim]`,
  );
  if (weight.shape.length !== 2) {
    throw weightsError(
      key,
      `has shape ${shapeText(weight.shape)}; nn.Embedding's weight is [num_embeddings, dim]`,
    );
  }
  const [count, dim] = weight.shape;
  const name = moduleLayerName(module);
  weights.set(`${name}/embeddings`, {
    shape: [count, dim],
    data: pool.take(key, [count, dim], 'nn.Embedding'),
  });
  layers.push({ type: 'embedding', name, inputDim: count, outputDim: dim });
  flow.features = dim;
}

function readLinear(
  module: LinearModule,
  path: string,
  pool: TensorPool,
  weights: Weights,
  layers: LayerSpec[],
  flow: Flow,
) {
  const key = joinName(module.prefix, 'weight');
  if (module.inFeatures !== undefined) flow.features = module.inFeatures;
  if (flow.features === undefined) {
    throw descriptionError(
      path,
      'a Linear cannot come first: rnnkit models start with an Embedding or a recurrent module',
    );
  }
  const weight = pool.peek(
    key,
    `nn.Linear ${describePrefix(module.prefix)} needs its weight [out, in]`,
  );
  if (weight.shape.length !== 2) {
    throw weightsError(
      key,
      `has shape ${shapeText(weight.shape)}; nn.Linear's weight is [out_features, in_features]`,
    );
  }
  const out = weight.shape[0];
  const why = `nn.Linear ${describePrefix(module.prefix)} reading ${flow.features} features`;
  const data = pool.take(key, [out, flow.features], why);
  const bias = module.bias ?? pool.has(joinName(module.prefix, 'bias'));
  const name = moduleLayerName(module);
  weights.set(`${name}/kernel`, {
    shape: [flow.features, out],
    data: transpose(data, out, flow.features),
  });
  if (bias)
    weights.set(`${name}/bias`, {
      shape: [out],
      data: pool.take(joinName(module.prefix, 'bias'), [out], why),
    });
  layers.push({
    type: 'dense',
    name,
    units: out,
    ...(module.activation !== undefined ? { activation: module.activation } : {}),
    ...(bias ? {} : { useBias: false }),
  });
  flow.features = out;
}

function readRecurrent(
  module: RecurrentModule,
  path: string,
  pool: TensorPool,
  weights: Weights,
  layers: LayerSpec[],
  flow: Flow,
) {
  const { prefix, kind } = module;
  const what = `nn.${kind === 'rnn' ? 'RNN' : kind.toUpperCase()} ${describePrefix(prefix)}`;
  if (!flow.sequence) {
    throw descriptionError(
      path,
      `${what} reads a sequence, but the module before it outputs one step (output 'sequence' is needed there)`,
    );
  }
  const projection = recurrentName(prefix, 'weight_hr', 0, false);
  if (pool.has(projection)) {
    throw torchUnsupported(
      'LSTM proj_size',
      projection,
      `${what} has projections (weight_hr); rnnkit's LSTM has none`,
    );
  }
  const gates = GATES[kind];
  const hhKey = recurrentName(prefix, 'weight_hh', 0, false);
  const hh = pool.peek(hhKey, `${what} needs it`);
  if (hh.shape.length !== 2 || hh.shape[0] !== gates * hh.shape[1] || hh.shape[1] === 0) {
    throw weightsError(
      hhKey,
      `has shape ${shapeText(hh.shape)}; ${what} needs [${gates}*hidden, hidden]`,
    );
  }
  const hidden = hh.shape[1];
  const numLayers = module.numLayers ?? countLayers(pool, prefix);
  const directions =
    (module.bidirectional ?? pool.has(recurrentName(prefix, 'weight_ih', 0, true))) ? 2 : 1;
  const bias = module.bias ?? pool.has(recurrentName(prefix, 'bias_ih', 0, false));
  const output = module.output ?? 'sequence';
  if (output === 'lastStep' && directions === 2) {
    throw torchUnsupported(
      "output 'lastStep' of a bidirectional module",
      `${path}.output`,
      "out[:, -1, :] holds the reverse direction after one step, which no rnnkit layer outputs; use 'finalHidden' (torch.cat((h_n[-2], h_n[-1]), 1)) or 'sequence'",
    );
  }
  if (flow.features === undefined) {
    const ihKey = recurrentName(prefix, 'weight_ih', 0, false);
    const ih = pool.peek(ihKey, `${what} needs it`);
    if (ih.shape.length !== 2)
      throw weightsError(
        ihKey,
        `has shape ${shapeText(ih.shape)}; expected [${gates}*hidden, input]`,
      );
    flow.features = ih.shape[1];
  }

  const width = gates * hidden;
  const baseName = moduleLayerName(module);
  for (let layer = 0; layer < numLayers; layer++) {
    const inputSize = layer === 0 ? (flow.features as number) : directions * hidden;
    const name = numLayers === 1 ? baseName : `${baseName}_l${layer}`;
    for (let direction = 0; direction < directions; direction++) {
      const reverse = direction === 1;
      const target = directions === 1 ? `${name}/` : `${name}/${reverse ? 'backward' : 'forward'}/`;
      const why = `${what} layer ${layer}${reverse ? ' reverse' : ''} (hidden ${hidden}, input ${inputSize})`;
      const ih = pool.take(
        recurrentName(prefix, 'weight_ih', layer, reverse),
        [width, inputSize],
        why,
      );
      const hhData = pool.take(
        recurrentName(prefix, 'weight_hh', layer, reverse),
        [width, hidden],
        why,
      );
      weights.set(`${target}kernel`, {
        shape: [inputSize, width],
        data: kernelFromTorch(kind, ih, inputSize),
      });
      weights.set(`${target}recurrentKernel`, {
        shape: [hidden, width],
        data: kernelFromTorch(kind, hhData, hidden),
      });
      if (bias) {
        const bi = pool.take(recurrentName(prefix, 'bias_ih', layer, reverse), [width], why);
        const bh = pool.take(recurrentName(prefix, 'bias_hh', layer, reverse), [width], why);
        weights.set(`${target}bias`, { shape: [width], data: swapGateBlocks(kind, bi) });
        weights.set(`${target}recurrentBias`, { shape: [width], data: swapGateBlocks(kind, bh) });
      }
    }
    const last = layer === numLayers - 1;
    const spec: RecurrentLayer = {
      type: SPEC_TYPE[kind],
      name,
      units: hidden,
      ...(kind === 'rnn' ? { activation: module.nonlinearity } : {}),
      ...(directions === 2 ? { direction: 'bidirectional' as const } : {}),
      ...(bias ? { recurrentBias: true } : { useBias: false }),
      ...(kind === 'gru' ? { resetAfter: true } : {}),
      returnSequences: !last || output === 'sequence',
    } as RecurrentLayer;
    layers.push(spec);
  }
  flow.features = directions * hidden;
  flow.sequence = output === 'sequence';
}

function countLayers(pool: TensorPool, prefix: string): number {
  let count = 0;
  while (count < 10_000 && pool.has(recurrentName(prefix, 'weight_ih', count, false))) count++;
  return Math.max(count, 1);
}
