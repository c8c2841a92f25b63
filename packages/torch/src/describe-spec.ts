/**
 * Spec -> module description: which PyTorch module each spec layer is, and under which prefix.
 *
 * Prefixes are the spec layer names. Consecutive recurrent layers named `<p>_l0`, `<p>_l1`, ...
 * (at least two, same type, units, direction, bias and activation, all but the last returning
 * sequences) become one multi-layer module with prefix `<p>`, the inverse of how the reader names
 * the layers of `nn.LSTM(num_layers=L)`.
 *
 * `strict` (writing) also refuses what PyTorch's modules cannot compute; reading with a given
 * spec only needs the structure to map names, so it skips those checks.
 */
import {
  type Activation,
  hasDistinctBackwardActivations,
  isRecurrentLayer,
  layerInputSizes,
  type ModelSpec,
  type RecurrentLayer,
  RnnkitError,
  resolveRecurrentLayer,
} from '@rnnkit/core';
import { torchUnsupported } from './errors.js';
import type {
  ModuleDescription,
  RecurrentKind,
  RecurrentModule,
  TorchModule,
} from './module-description.js';

export interface DescribedModule {
  module: TorchModule;
  /** The spec layers this module covers, in order. */
  layers: string[];
}

const KIND: Record<RecurrentLayer['type'], RecurrentKind> = {
  simpleRnn: 'rnn',
  lstm: 'lstm',
  gru: 'gru',
};

const TORCH_CLASS = { simpleRnn: 'RNN', lstm: 'LSTM', gru: 'GRU' } as const;

function activationName(activation: Activation | undefined): string | undefined {
  return typeof activation === 'object' ? activation.name : activation;
}

function sameModule(a: RecurrentLayer, b: RecurrentLayer): boolean {
  return (
    a.type === b.type &&
    a.units === b.units &&
    (a.direction ?? 'forward') === (b.direction ?? 'forward') &&
    (a.mergeMode ?? 'concat') === (b.mergeMode ?? 'concat') &&
    (a.useBias ?? true) === (b.useBias ?? true) &&
    (a.recurrentBias ?? false) === (b.recurrentBias ?? false) &&
    JSON.stringify(a.activation ?? 'tanh') === JSON.stringify(b.activation ?? 'tanh')
  );
}

function checkRecurrent(layer: RecurrentLayer, path: string, strict: boolean): void {
  if (layer.direction === 'reverse') {
    throw torchUnsupported(
      'direction reverse',
      path,
      `layer '${layer.name}' runs only backwards; PyTorch has no such module`,
    );
  }
  if (layer.type === 'lstm' && layer.peepholes) {
    throw torchUnsupported(
      'lstm peepholes',
      path,
      `layer '${layer.name}': nn.LSTM has no peephole connections`,
    );
  }
  if (!strict) return;
  if (hasDistinctBackwardActivations(resolveRecurrentLayer(layer, 1))) {
    throw torchUnsupported(
      'backward activations',
      `${path}.backward`,
      `layer '${layer.name}': a bidirectional nn.${TORCH_CLASS[layer.type]} uses the same nonlinearity in both directions`,
    );
  }
  if ((layer.mergeMode ?? 'concat') !== 'concat' && layer.direction === 'bidirectional') {
    throw torchUnsupported(
      `mergeMode ${layer.mergeMode}`,
      `${path}.mergeMode`,
      'PyTorch concatenates the two directions',
    );
  }
  const activation = activationName(layer.activation) ?? 'tanh';
  if (layer.type === 'simpleRnn') {
    if (activation !== 'tanh' && activation !== 'relu') {
      throw torchUnsupported(
        `simpleRnn activation ${activation}`,
        `${path}.activation`,
        "nn.RNN's nonlinearity is tanh or relu",
      );
    }
    return;
  }
  if (activation !== 'tanh') {
    throw torchUnsupported(
      `${layer.type} activation ${activation}`,
      `${path}.activation`,
      `nn.${layer.type.toUpperCase()} uses tanh`,
    );
  }
  const gate = activationName(layer.recurrentActivation) ?? 'sigmoid';
  if (gate !== 'sigmoid') {
    throw torchUnsupported(
      `${layer.type} recurrentActivation ${gate}`,
      `${path}.recurrentActivation`,
      `nn.${layer.type.toUpperCase()}'s gates use the logistic sigmoid`,
    );
  }
  if (layer.type === 'gru' && !layer.resetAfter) {
    throw torchUnsupported(
      'gru resetAfter false',
      `${path}.resetAfter`,
      'nn.GRU applies the reset gate after the recurrent product (resetAfter true) only',
    );
  }
}

/**
 * Two modules under one prefix would write the same state dict names, the second silently
 * replacing the first (e.g. `prefixes` mapping two layers to one module). Stacked layers belong
 * to one module only when named `<p>_l0`, `<p>_l1`, ..., which the grouping above already did.
 */
function checkDistinctPrefixes(described: DescribedModule[]): void {
  const owners = new Map<string, string>();
  for (const { module, layers } of described) {
    if (module.kind === 'dropout') continue;
    const owner = owners.get(module.prefix);
    if (owner !== undefined) {
      throw new RnnkitError(
        'INVALID_SPEC',
        `layers '${owner}' and '${layers.join("', '")}' would both be written under the state dict prefix '${module.prefix}', and one would overwrite the other; give them distinct prefixes, or name stacked layers of one module <p>_l0, <p>_l1, ...`,
        { path: `prefixes.${layers[0]}` },
      );
    }
    owners.set(module.prefix, layers.join("', '"));
  }
}

export interface DescribeSpecOptions {
  /** Refuse what PyTorch's modules compute differently (writing); default false. */
  strict?: boolean;
  /**
   * Module name (a layer name, or `<p>` for layers `<p>_l0`, `<p>_l1`, ...) -> state dict prefix,
   * for modules whose attribute path differs from the layer name (`''` for a bare module).
   */
  prefixes?: Record<string, string>;
}

export function describeSpec(
  spec: ModelSpec,
  options: DescribeSpecOptions = {},
): { description: ModuleDescription; modules: DescribedModule[] } {
  const strict = options.strict ?? false;
  const prefixes = options.prefixes ?? {};
  const prefixOf = (name: string) => (Object.hasOwn(prefixes, name) ? prefixes[name] : name);
  const described: DescribedModule[] = [];
  const layers = spec.layers;
  if (strict && spec.input.type === 'features' && spec.input.maskValue !== undefined) {
    throw torchUnsupported(
      'input maskValue',
      '$.input.maskValue',
      'PyTorch has no masking that skips steps whose features equal a value (Keras Masking); use sequence lengths (pack_padded_sequence)',
    );
  }
  for (let index = 0; index < layers.length; index++) {
    const layer = layers[index];
    const path = `$.layers[${index}]`;
    if (layer.type === 'embedding') {
      if (strict && layer.maskZero) {
        throw torchUnsupported(
          'embedding maskZero',
          `${path}.maskZero`,
          'PyTorch has no masking that skips padded steps (padding_idx only zeroes a row); use sequence lengths',
        );
      }
      described.push({
        module: { kind: 'embedding', prefix: prefixOf(layer.name), name: layer.name },
        layers: [layer.name],
      });
    } else if (layer.type === 'dense') {
      // After a concatStates head the Linear reads final states, not the module before it.
      const afterConcat = layers.slice(0, index).some((l) => l.type === 'concatStates');
      described.push({
        module: {
          kind: 'linear',
          prefix: prefixOf(layer.name),
          name: layer.name,
          ...(layer.activation !== undefined ? { activation: layer.activation } : {}),
          bias: layer.useBias ?? true,
          ...(afterConcat ? { inFeatures: layerInputSizes(spec)[index] } : {}),
        },
        layers: [layer.name],
      });
    } else if (layer.type === 'dropout') {
      described.push({
        module: { kind: 'dropout', name: layer.name, rate: layer.rate },
        layers: [layer.name],
      });
    } else if (isRecurrentLayer(layer)) {
      checkRecurrent(layer, path, strict);
      const group = [layer];
      const stem = /^(.+)_l0$/.exec(layer.name)?.[1];
      if (stem !== undefined) {
        while (true) {
          const next = layers[index + group.length];
          const previous = group[group.length - 1];
          if (
            next === undefined ||
            !isRecurrentLayer(next) ||
            next.name !== `${stem}_l${group.length}` ||
            !sameModule(layer, next) ||
            !previous.returnSequences
          ) {
            break;
          }
          checkRecurrent(next, `$.layers[${index + group.length}]`, strict);
          group.push(next);
        }
      }
      const multi = group.length > 1;
      const last = group[group.length - 1];
      const module: RecurrentModule = {
        kind: KIND[layer.type],
        prefix: prefixOf(multi ? (stem as string) : layer.name),
        name: multi ? (stem as string) : layer.name,
        numLayers: group.length,
        bidirectional: layer.direction === 'bidirectional',
        bias: layer.useBias ?? true,
        batchFirst: true,
        output: last.returnSequences ? 'sequence' : 'finalHidden',
      };
      if (layer.type === 'simpleRnn') {
        module.nonlinearity = activationName(layer.activation) === 'relu' ? 'relu' : 'tanh';
      }
      described.push({ module, layers: group.map((l) => l.name) });
      index += group.length - 1;
    }
    // selectStep, pooling and concatStates are parameter-free tensor operations in forward(): no
    // module, no state dict entries, so the description does not list them (the writer embeds
    // the spec, which does).
  }
  checkDistinctPrefixes(described);
  const input = spec.input;
  const description: ModuleDescription = {
    modules: described.map((d) => d.module),
    input: {
      name: input.name,
      type: input.type,
      ...(input.type === 'features' ? { size: input.size } : {}),
      ...(input.timeSteps !== undefined ? { timeSteps: input.timeSteps } : {}),
    },
    output: { name: spec.output.name },
    ...(spec.name !== undefined ? { name: spec.name } : {}),
  };
  return { description, modules: described };
}
