/**
 * Keras 3 `.keras` files: a zip of config.json, metadata.json and model.weights.h5. The weights
 * file names layers by their class in snake case, numbered per class in model order
 * (`layers/lstm/cell/vars/0`, `layers/lstm_1/…`, `layers/bidirectional/forward_layer/cell/vars/0`,
 * `layers/time_distributed/layer/vars/0`),
 * not by layer name, and names variables by index.
 */
import { unzipSync } from 'fflate';
import { buildModel, type ImportedKerasModel } from '../build-model.js';
import { modelFormat } from '../errors.js';
import { H5Dataset as Dataset, H5Group as Group, type H5Group, withHdf5 } from '../h5/hdf5-file.js';
import { readFloatDataset } from '../h5/read-datasets.js';
import { parseJsonObject } from '../h5/read-keras-h5.js';
import type { KerasWeight } from '../weights/assemble.js';

type Json = Record<string, unknown>;

/** keras.src.utils.naming.to_snake_case */
export function toSnakeCase(name: string): string {
  return name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

const ROLES: Record<string, string[]> = {
  Dense: ['kernel', 'bias'],
  Embedding: ['embeddings'],
  SimpleRNN: ['kernel', 'recurrent_kernel', 'bias'],
  LSTM: ['kernel', 'recurrent_kernel', 'bias'],
  GRU: ['kernel', 'recurrent_kernel', 'bias'],
};

function unzip(bytes: Uint8Array, label: string): Record<string, Uint8Array> {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw modelFormat(`${label} is not a .keras file (not a zip archive)`, label);
  }
  try {
    return unzipSync(bytes);
  } catch (cause) {
    throw modelFormat(
      `${label} is not a readable zip archive (${(cause as Error).message}); truncated?`,
      label,
      cause,
    );
  }
}

/** Reads `vars/<i>` datasets of a group as role-named weights. */
function readVars(
  group: H5Group,
  roles: string[],
  prefix: string,
  fileBytes: number,
  label: string,
): KerasWeight[] {
  const vars = group.keys().includes('vars') ? group.get('vars') : null;
  if (!(vars instanceof Group)) return [];
  const keys = vars.keys().sort((a, b) => Number(a) - Number(b));
  return keys.map((key) => {
    const role = roles[Number(key)];
    if (role === undefined)
      throw modelFormat(
        `${label}: unexpected variable ${prefix}vars/${key}`,
        `${prefix}vars/${key}`,
      );
    const dataset = vars.get(key);
    if (!(dataset instanceof Dataset))
      throw modelFormat(`${label}: ${prefix}vars/${key} is not a dataset`, `${prefix}vars/${key}`);
    const weight = readFloatDataset(dataset, `${prefix}${role}`, fileBytes);
    return weight;
  });
}

function child(group: H5Group, name: string): H5Group | undefined {
  if (!group.keys().includes(name)) return undefined;
  const entity = group.get(name);
  return entity instanceof Group ? entity : undefined;
}

export async function readKerasFile(
  bytes: Uint8Array,
  options: { fileName?: string } = {},
): Promise<ImportedKerasModel> {
  const label = options.fileName ?? '.keras file';
  const files = unzip(bytes, label);
  for (const required of ['config.json', 'model.weights.h5']) {
    if (!files[required]) throw modelFormat(`${label} has no ${required}`, required);
  }
  const config = parseJsonObject(
    new TextDecoder().decode(files['config.json']),
    `${label} config.json`,
  );
  const metadata = files['metadata.json']
    ? parseJsonObject(new TextDecoder().decode(files['metadata.json']), `${label} metadata.json`)
    : {};
  const kerasVersion =
    typeof metadata.keras_version === 'string' ? metadata.keras_version : undefined;
  const layerList = ((config.config as Json | undefined)?.layers ?? []) as Json[];
  if (!Array.isArray(layerList))
    throw modelFormat(`${label}: config.json has no layers`, 'config.json');

  const weightBytes = files['model.weights.h5'];
  const byLayerName = await withHdf5(weightBytes, `${label} model.weights.h5`, (file) => {
    const layersGroup = child(file as unknown as H5Group, 'layers');
    const out = new Map<string, KerasWeight[]>();
    if (!layersGroup) return out;
    const used = new Map<string, number>();
    for (const entry of layerList) {
      // Entries that are not objects are refused by the config reader, which names them.
      if (typeof entry !== 'object' || entry === null) continue;
      const className = String(entry.class_name);
      const layerName = String((entry.config as Json | undefined)?.name ?? '');
      const base = toSnakeCase(className);
      const count = used.get(base);
      used.set(base, count === undefined ? 0 : count + 1);
      const pathName = count === undefined ? base : `${base}_${count + 1}`;
      const group = child(layersGroup, pathName) ?? child(layersGroup, layerName);
      // Layers rnnkit does not map are refused by the config reader with a better message.
      const wrapper = className === 'Bidirectional' || className === 'TimeDistributed';
      if (!group || (!wrapper && !Object.hasOwn(ROLES, className))) continue;
      const weights: KerasWeight[] = [];
      if (className === 'TimeDistributed') {
        // The wrapped layer is the wrapper's `layer` attribute: layers/time_distributed/layer/vars.
        const innerClass = String(
          ((entry.config as Json).layer as Json | undefined)?.class_name ?? '',
        );
        const inner = child(group, 'layer');
        if (inner && Object.hasOwn(ROLES, innerClass))
          weights.push(...readVars(inner, ROLES[innerClass], '', weightBytes.length, label));
      } else if (className === 'Bidirectional') {
        const innerClass = String(
          ((entry.config as Json).layer as Json | undefined)?.class_name ?? '',
        );
        for (const side of ['forward_layer', 'backward_layer']) {
          const sideGroup = child(group, side);
          const cell = sideGroup && (child(sideGroup, 'cell') ?? sideGroup);
          if (cell)
            weights.push(
              ...readVars(
                cell,
                Object.hasOwn(ROLES, innerClass) ? ROLES[innerClass] : [],
                `${side}/`,
                weightBytes.length,
                label,
              ),
            );
        }
      } else {
        const cell = child(group, 'cell') ?? group;
        weights.push(
          ...readVars(
            cell,
            Object.hasOwn(ROLES, className) ? ROLES[className] : [],
            '',
            weightBytes.length,
            label,
          ),
        );
      }
      out.set(layerName, weights);
    }
    return out;
  });
  return buildModel(config, kerasVersion, (name) => byLayerName.get(name), 'keras-v3', 'keras3');
}
