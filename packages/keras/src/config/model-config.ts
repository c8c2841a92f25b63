/**
 * A Keras model config (Sequential or functional; Keras 1, 2, 3 and TF.js spellings) reduced to
 * what rnnkit can run: one input, then a chain of layers, one output. Branches, shared layers,
 * several inputs or outputs are refused here.
 */
import { modelFormat, unsupported } from '../errors.js';

export interface KerasLayer {
  className: string;
  name: string;
  config: Record<string, unknown>;
}

export interface KerasChain {
  /** The Keras input's name (InputLayer name, or `<first layer>_input` for a Sequential). */
  inputName: string;
  /** [batch, time, features] or [batch, time]; entries may be null. Undefined when unknown. */
  inputShape?: (number | null)[];
  inputDtype?: string;
  /** Layers after the input, in order; InputLayer excluded. */
  layers: KerasLayer[];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function parseModelConfig(modelConfig: unknown): KerasChain {
  if (!isObject(modelConfig)) throw modelFormat('Keras model config is not a JSON object', '$');
  const className = modelConfig.class_name;
  const config = modelConfig.config;
  if (className === 'Sequential') return parseSequential(config);
  if (className === 'Model' || className === 'Functional') return parseFunctional(config);
  if (typeof className === 'string') {
    throw unsupported(
      `Keras model class ${className}`,
      'only Sequential and functional models are read',
      '$.class_name',
    );
  }
  throw modelFormat('Keras model config has no class_name', '$.class_name');
}

function toLayer(value: unknown, path: string): KerasLayer {
  if (!isObject(value) || typeof value.class_name !== 'string') {
    throw modelFormat(`Keras layer entry is not { class_name, config }`, path);
  }
  const config = isObject(value.config) ? value.config : {};
  const name =
    typeof config.name === 'string'
      ? config.name
      : typeof value.name === 'string'
        ? value.name
        : '';
  if (name === '') throw modelFormat(`Keras layer ${value.class_name} has no name`, path);
  return { className: value.class_name, name, config };
}

function parseSequential(config: unknown): KerasChain {
  const list = Array.isArray(config) ? config : isObject(config) ? config.layers : undefined;
  if (!Array.isArray(list) || list.length === 0) {
    throw modelFormat('Sequential config has no layers', '$.config.layers');
  }
  const layers = list.map((entry, index) => toLayer(entry, `$.config.layers[${index}]`));
  let inputName: string;
  let inputShape: (number | null)[] | undefined;
  let inputDtype: string | undefined;
  if (layers[0].className === 'InputLayer') {
    const input = layers.shift() as KerasLayer;
    inputName = input.name;
    inputShape = declaredInputShape(input.config);
    inputDtype = typeof input.config.dtype === 'string' ? input.config.dtype : undefined;
  } else {
    // Keras names the implicit input of a Sequential after its first layer.
    inputName = `${layers[0].name}_input`;
    inputShape = declaredInputShape(layers[0].config);
    const dtype = layers[0].config.input_dtype ?? layers[0].config.dtype;
    inputDtype = typeof dtype === 'string' ? dtype : undefined;
    if (inputShape === undefined && isObject(config) && Array.isArray(config.build_input_shape)) {
      inputShape = config.build_input_shape as (number | null)[];
    }
  }
  return { inputName, inputShape, inputDtype, layers };
}

/** batch_input_shape (Keras 1/2, TF.js), batch_shape (Keras 3), or input_dim/input_length (Keras 1). */
export function declaredInputShape(config: Json): (number | null)[] | undefined {
  for (const key of ['batch_input_shape', 'batch_shape']) {
    const value = config[key];
    if (Array.isArray(value)) return value as (number | null)[];
  }
  if (Array.isArray(config.input_shape))
    return [null, ...(config.input_shape as (number | null)[])];
  if (
    typeof config.input_dim === 'number' &&
    config.output_dim !== undefined &&
    config.input_length !== undefined
  ) {
    // Keras 1 recurrent layers: input_dim features, input_length time steps (may be null).
    return [null, (config.input_length as number | null) ?? null, config.input_dim];
  }
  return undefined;
}

/** [layerName, nodeIndex] pairs feeding one call of a layer, from Keras 1/2/TF.js or Keras 3 node formats. */
function inboundOf(layer: Json, name: string): string[][] {
  const nodes = layer.inbound_nodes;
  if (!Array.isArray(nodes)) return [];
  return nodes.map((node, index) => {
    const sources: string[] = [];
    if (Array.isArray(node)) {
      for (const tensor of node) {
        if (Array.isArray(tensor) && typeof tensor[0] === 'string') sources.push(tensor[0]);
        else
          throw modelFormat(
            `unreadable inbound node of layer '${name}'`,
            `${name}.inbound_nodes[${index}]`,
          );
      }
    } else if (isObject(node)) {
      collectKerasTensors(node.args, sources);
      const kwargSources: string[] = [];
      collectKerasTensors(node.kwargs, kwargSources);
      if (kwargSources.length > 0) {
        throw unsupported(
          'layer call with tensor keyword arguments',
          `layer '${name}' takes ${kwargSources.join(', ')} as a keyword input (initial_state, mask…)`,
          name,
        );
      }
    }
    return sources;
  });
}

function collectKerasTensors(value: unknown, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectKerasTensors(item, out);
  } else if (isObject(value)) {
    if (value.class_name === '__keras_tensor__' && isObject(value.config)) {
      const history = value.config.keras_history;
      if (Array.isArray(history) && typeof history[0] === 'string') out.push(history[0]);
      return;
    }
    for (const item of Object.values(value)) collectKerasTensors(item, out);
  }
}

function endpointNames(value: unknown, what: string): string[] {
  if (!Array.isArray(value))
    throw modelFormat(`functional config has no ${what}`, `$.config.${what}`);
  // A single endpoint may be written flat: ["name", 0, 0].
  if (typeof value[0] === 'string') return [value[0]];
  return value.map((entry, index) => {
    if (Array.isArray(entry) && typeof entry[0] === 'string') return entry[0] as string;
    throw modelFormat(`unreadable ${what} entry`, `$.config.${what}[${index}]`);
  });
}

function parseFunctional(config: unknown): KerasChain {
  if (!isObject(config) || !Array.isArray(config.layers)) {
    throw modelFormat('functional model config has no layers', '$.config.layers');
  }
  const entries = config.layers as unknown[];
  const byName = new Map<string, { layer: KerasLayer; inbound: string[][] }>();
  entries.forEach((entry, index) => {
    const layer = toLayer(entry, `$.config.layers[${index}]`);
    byName.set(layer.name, { layer, inbound: inboundOf(entry as Json, layer.name) });
  });
  const inputs = endpointNames(config.input_layers, 'input_layers');
  const outputs = endpointNames(config.output_layers, 'output_layers');
  if (inputs.length !== 1)
    throw unsupported(
      'models with several inputs',
      `inputs ${inputs.join(', ')}`,
      '$.config.input_layers',
    );
  if (outputs.length !== 1)
    throw unsupported(
      'models with several outputs',
      `outputs ${outputs.join(', ')}`,
      '$.config.output_layers',
    );

  // Walk back from the output; every step must have exactly one source.
  const chain: KerasLayer[] = [];
  const seen = new Set<string>();
  let current = outputs[0];
  while (current !== inputs[0]) {
    const node = byName.get(current);
    if (!node)
      throw modelFormat(
        `functional config refers to unknown layer '${current}'`,
        '$.config.layers',
      );
    if (seen.has(current))
      throw modelFormat(`functional config has a cycle at '${current}'`, current);
    seen.add(current);
    if (node.inbound.length !== 1) {
      throw unsupported(
        'shared layers and branching graphs',
        `layer ${node.layer.className} '${current}' is called ${node.inbound.length} times`,
        current,
      );
    }
    const sources = node.inbound[0];
    if (sources.length !== 1) {
      throw unsupported(
        'branching graphs',
        `layer ${node.layer.className} '${current}' takes ${sources.length} inputs (${sources.join(', ')})`,
        current,
      );
    }
    chain.unshift(node.layer);
    current = sources[0];
  }
  const input = byName.get(inputs[0]);
  if (!input)
    throw modelFormat(
      `functional config has no input layer '${inputs[0]}'`,
      '$.config.input_layers',
    );
  seen.add(inputs[0]);
  const offChain = [...byName.keys()].filter((name) => !seen.has(name));
  if (offChain.length > 0) {
    const first = byName.get(offChain[0]) as { layer: KerasLayer };
    throw unsupported(
      'branching graphs',
      `layer ${first.layer.className} '${offChain[0]}' is not on the input-to-output chain`,
      offChain[0],
    );
  }
  if (input.layer.className !== 'InputLayer') {
    throw unsupported(
      'branching graphs',
      `model input '${inputs[0]}' is a ${input.layer.className}, not an InputLayer`,
      inputs[0],
    );
  }
  const dtype = input.layer.config.dtype;
  return {
    inputName: input.layer.name,
    inputShape: declaredInputShape(input.layer.config),
    inputDtype: typeof dtype === 'string' ? dtype : undefined,
    layers: chain,
  };
}
