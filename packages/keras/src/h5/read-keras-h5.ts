/**
 * Keras .h5 files: full models (`model_config` attribute + `model_weights` group) and weights-only
 * files (`layer_names` at the root) with the config given separately. Keras 1, 2 and Keras 3's
 * legacy h5 format share this layout.
 */
import { jsonTooDeep, MAX_JSON_DEPTH, RnnkitError } from '@rnnkit/core';
import { buildModel, type ImportedKerasModel } from '../build-model.js';
import { modelFormat } from '../errors.js';
import type { KerasWeight } from '../weights/assemble.js';
import {
  H5Group as Group,
  type H5Group,
  stringAttribute,
  stringListAttribute,
  withHdf5,
} from './hdf5-file.js';
import { readLayerGroup } from './read-datasets.js';

export interface ReadKerasH5Options {
  /** The model config (model.to_json() text or parsed JSON), for weights-only files. */
  config?: string | object;
  /** Name used in error messages. */
  fileName?: string;
}

interface H5Contents {
  config?: unknown;
  kerasVersion?: string;
  layers: Map<string, KerasWeight[]>;
}

export function parseJson(text: string, label: string): unknown {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw modelFormat(`${label} is not valid JSON`, label, cause);
  }
  if (jsonTooDeep(json))
    throw modelFormat(`${label} nests deeper than ${MAX_JSON_DEPTH} levels`, label);
  return json;
}

/** parseJson for text that must hold a JSON object (`null` in a config.json is not a model). */
export function parseJsonObject(text: string, label: string): Record<string, unknown> {
  const json = parseJson(text, label);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw modelFormat(
      `${label} must be a JSON object, found ${json === null ? 'null' : Array.isArray(json) ? 'an array' : typeof json}`,
      label,
    );
  }
  return json as Record<string, unknown>;
}

export async function readKerasH5(
  bytes: Uint8Array,
  options: ReadKerasH5Options = {},
): Promise<ImportedKerasModel> {
  const label = options.fileName ?? 'Keras .h5 file';
  const contents = await withHdf5(bytes, label, (file): H5Contents => {
    const configText = stringAttribute(file, 'model_config');
    const weightsRoot = file.keys().includes('model_weights') ? file.get('model_weights') : file;
    if (!(weightsRoot instanceof Group))
      throw modelFormat(`${label}: model_weights is not a group`, label);
    const layerNames = stringListAttribute(weightsRoot as H5Group, 'layer_names');
    if (layerNames === undefined) {
      throw modelFormat(
        `${label} is HDF5 but not a Keras model or weights file (no layer_names)`,
        label,
      );
    }
    const layers = new Map<string, KerasWeight[]>();
    for (const name of layerNames) {
      const group = (weightsRoot as H5Group).get(name);
      if (!(group instanceof Group)) {
        throw new RnnkitError(
          'INVALID_WEIGHTS',
          `${label}: layer '${name}' is listed but has no weight group`,
          { path: name },
        );
      }
      layers.set(name, readLayerGroup(group, bytes.length));
    }
    return {
      config:
        configText === undefined ? undefined : parseJsonObject(configText, `${label} model_config`),
      kerasVersion:
        stringAttribute(file, 'keras_version') ??
        stringAttribute(weightsRoot as H5Group, 'keras_version'),
      layers,
    };
  });
  let config = contents.config;
  if (options.config !== undefined) {
    config =
      typeof options.config === 'string'
        ? parseJsonObject(options.config, 'Keras model config')
        : options.config;
  }
  if (config === undefined) {
    throw modelFormat(
      `${label} holds weights only; pass the model config (model.to_json()) as options.config`,
      label,
    );
  }
  // model.to_json() of Keras 1 and some tools wrap the config with its version.
  const configVersion = (config as { keras_version?: unknown }).keras_version;
  const kerasVersion =
    contents.kerasVersion ?? (typeof configVersion === 'string' ? configVersion : undefined);
  return buildModel(config, kerasVersion, (name) => contents.layers.get(name), 'keras-h5');
}
