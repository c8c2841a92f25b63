/**
 * A Keras 3 `.keras` file's Adam variables -> the training contract's OptimizerState, so
 * fine-tuning continues where Keras stopped. Keras 3 saves the optimizer in model.weights.h5 as
 * `optimizer/vars/<i>`: 0 = iterations (int64), 1 = learning_rate, then per trainable variable,
 * in the model's variable order, its momentum and velocity side by side (keras/src/optimizers/
 * adam.py `build` adds both for each variable in turn; the real Keras 3.9.2 files in
 * __fixtures__/real show the pairs' shapes). The trainable variables are the layers' own
 * `vars` in config order (a Bidirectional's forward layer, then its backward layer).
 * Keras's m and v are the same moving averages as PyTorch's exp_avg and exp_avg_sq (only the
 * epsilon placement differs, which the config's epsilonStyle 'keras' carries), so they map onto
 * the reference's 'm' and 'v' slots; they are rearranged into canonical names exactly like the
 * weights (a reset-after GRU's [2, 3u] bias slot splits into bias and recurrentBias).
 * SGD and RMSprop variables are not read (no real file to check their layout against): those
 * are refused with UNSUPPORTED_FEATURE and training starts with fresh optimizer state.
 */
import type { OptimizerState, Tensor } from '@rnnkit/core';
import { unzipSync } from 'fflate';
import { buildModel } from '../build-model.js';
import { modelFormat, unsupported } from '../errors.js';
import { H5Dataset, H5Group, withHdf5 } from '../h5/hdf5-file.js';
import { readFloatDataset } from '../h5/read-datasets.js';
import { parseJson } from '../h5/read-keras-h5.js';
import type { KerasWeight } from '../weights/assemble.js';

type Json = Record<string, unknown>;

const ROLES: Record<string, string[]> = {
  Dense: ['kernel', 'bias'],
  Embedding: ['embeddings'],
  SimpleRNN: ['kernel', 'recurrent_kernel', 'bias'],
  LSTM: ['kernel', 'recurrent_kernel', 'bias'],
  GRU: ['kernel', 'recurrent_kernel', 'bias'],
};

/** keras.src.utils.naming.to_snake_case (the weights file's group names). */
function snake(name: string): string {
  return name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

function child(group: unknown, name: string): H5Group | undefined {
  if (!(group instanceof H5Group) || !group.keys().includes(name)) return undefined;
  const entity = group.get(name);
  return entity instanceof H5Group ? entity : undefined;
}

interface Variable {
  layer: string;
  name: string;
  shape: number[];
}

export async function readKerasOptimizerState(
  bytes: Uint8Array,
  options: { fileName?: string } = {},
): Promise<OptimizerState | undefined> {
  const label = options.fileName ?? '.keras file';
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (cause) {
    throw modelFormat(`${label} is not a readable .keras archive`, label, cause);
  }
  if (!files['config.json'] || !files['model.weights.h5'])
    throw modelFormat(`${label} has no config.json or model.weights.h5`, label);
  const config = parseJson(
    new TextDecoder().decode(files['config.json']),
    `${label} config.json`,
  ) as Json;
  const optimizer = (config.compile_config as Json | undefined)?.optimizer as Json | undefined;
  if (!optimizer) return undefined;
  if (optimizer.class_name !== 'Adam') {
    throw unsupported(
      'Keras optimizer variables',
      `reading ${String(optimizer.class_name)} variables is not supported (Adam only); train with fresh optimizer state`,
      'optimizer',
    );
  }
  const layers = ((config.config as Json | undefined)?.layers ?? []) as Json[];
  const weightBytes = files['model.weights.h5'];

  const read = await withHdf5(weightBytes, `${label} model.weights.h5`, (file) => {
    const optimizerVars = child(child(file, 'optimizer'), 'vars');
    if (!optimizerVars) return undefined;
    // The model's trainable variables in order, read from the layers' own groups.
    const variables: Variable[] = [];
    const layersGroup = child(file, 'layers');
    const used = new Map<string, number>();
    for (const entry of layers) {
      const className = String(entry.class_name);
      const layerName = String((entry.config as Json | undefined)?.name ?? '');
      const base = snake(className);
      const count = used.get(base);
      used.set(base, count === undefined ? 0 : count + 1);
      const group =
        child(layersGroup, count === undefined ? base : `${base}_${count + 1}`) ??
        child(layersGroup, layerName);
      if (!group) continue;
      const sides =
        className === 'Bidirectional'
          ? ['forward_layer', 'backward_layer'].map((side) => ({
              prefix: `${side}/`,
              group: child(child(group, side), 'cell') ?? child(group, side),
              roles:
                ROLES[String(((entry.config as Json).layer as Json | undefined)?.class_name)] ?? [],
            }))
          : [{ prefix: '', group: child(group, 'cell') ?? group, roles: ROLES[className] ?? [] }];
      for (const side of sides) {
        const vars = child(side.group, 'vars');
        if (!vars) continue;
        for (const key of vars.keys().sort((a, b) => Number(a) - Number(b))) {
          const dataset = vars.get(key);
          if (!(dataset instanceof H5Dataset)) continue;
          variables.push({
            layer: layerName,
            name: `${side.prefix}${side.roles[Number(key)] ?? key}`,
            shape: [...(dataset.shape ?? [])],
          });
        }
      }
    }
    const iterations = optimizerVars.get('0');
    const step = iterations instanceof H5Dataset ? Number(iterations.value) : Number.NaN;
    const slots = variables.map((variable, i) =>
      (['m', 'v'] as const).map((slot, k) => {
        const key = String(2 + 2 * i + k);
        const dataset = optimizerVars.keys().includes(key) ? optimizerVars.get(key) : undefined;
        if (!(dataset instanceof H5Dataset))
          throw modelFormat(
            `${label}: optimizer/vars/${key} (${slot} of ${variable.layer}/${variable.name}) is missing`,
            `optimizer/vars/${key}`,
          );
        const weight = readFloatDataset(
          dataset,
          `${variable.layer}/${variable.name}`,
          weightBytes.length,
        );
        if (weight.shape.join(',') !== variable.shape.join(',')) {
          throw modelFormat(
            `${label}: optimizer/vars/${key} has shape [${weight.shape.join(', ')}], but ${slot} of ${variable.layer}/${variable.name} must be [${variable.shape.join(', ')}]`,
            `optimizer/vars/${key}`,
          );
        }
        return weight;
      }),
    );
    const expected = 2 + 2 * variables.length;
    if (optimizerVars.keys().length !== expected) {
      throw modelFormat(
        `${label}: optimizer/vars holds ${optimizerVars.keys().length} variables, Adam over ${variables.length} weights has ${expected}`,
        'optimizer/vars',
      );
    }
    return { step, variables, slots };
  });
  if (!read) return undefined;
  if (!Number.isSafeInteger(read.step) || read.step < 0)
    throw modelFormat(
      `${label}: optimizer/vars/0 (iterations) is not a step count`,
      'optimizer/vars/0',
    );

  // Rearrange each slot exactly as the weights are, through the importer's own assembly.
  const canonical = (k: 0 | 1) => {
    const byLayer = new Map<string, KerasWeight[]>();
    read.variables.forEach((variable, i) => {
      const list = byLayer.get(variable.layer) ?? [];
      list.push({ ...read.slots[i][k], name: variable.name });
      byLayer.set(variable.layer, list);
    });
    return buildModel(config, undefined, (name) => byLayer.get(name), 'keras-v3', 'keras3').weights;
  };
  const m = canonical(0);
  const v = canonical(1);
  const slots: OptimizerState['slots'] = {};
  for (const [name, tensor] of m) {
    const velocity = v.get(name);
    if (!velocity) continue;
    const asTensor = (t: { shape: number[]; data: Float32Array }): Tensor => ({
      dtype: 'float32',
      shape: [...t.shape],
      data: t.data,
    });
    slots[name] = { m: asTensor(tensor), v: asTensor(velocity) };
  }
  return { name: 'adam', step: read.step, slots };
}
