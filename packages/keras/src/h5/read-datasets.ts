import { invalidWeights } from '../errors.js';
import type { KerasWeight } from '../weights/assemble.js';
import { halfToFloat } from '../weights/half-float.js';
import {
  H5Dataset as Dataset,
  H5Group as Group,
  type H5Dataset,
  type H5Group,
  stringListAttribute,
} from './hdf5-file.js';

const H5T_FLOAT = 1;

/** A float dataset as float32 data, after checking its declared size is plausible for the file. */
export function readFloatDataset(dataset: H5Dataset, name: string, fileBytes: number): KerasWeight {
  const metadata = dataset.metadata;
  const shape = [...(dataset.shape ?? [])];
  const count = shape.reduce((a, b) => a * b, 1);
  if (metadata.type !== H5T_FLOAT || ![2, 4, 8].includes(metadata.size)) {
    throw invalidWeights(
      `weight '${name}' is not stored as floats (HDF5 class ${metadata.type}, ${metadata.size} bytes)`,
      name,
    );
  }
  // A corrupt header could declare a huge dataset; refuse before HDF5 allocates it (Keras does not compress weights).
  if (count * metadata.size > fileBytes) {
    throw invalidWeights(
      `weight '${name}' declares ${count * metadata.size} bytes in a ${fileBytes}-byte file`,
      name,
    );
  }
  const value = dataset.value as ArrayLike<number> | null;
  if (value === null || value.length !== count)
    throw invalidWeights(`weight '${name}' could not be read`, name);
  const data =
    metadata.size === 2 && value instanceof Uint16Array
      ? Float32Array.from(value, halfToFloat)
      : Float32Array.from(value);
  return { name, shape, data };
}

/**
 * The weights Keras recorded for one layer group: `weight_names` lists them in order, each a
 * path relative to the group. Groups without the attribute are walked instead.
 */
export function readLayerGroup(group: H5Group, fileBytes: number): KerasWeight[] {
  const names = stringListAttribute(group, 'weight_names');
  if (names !== undefined) {
    return names.map((name) => {
      const entity = group.get(name);
      if (!(entity instanceof Dataset))
        throw invalidWeights(`weight '${name}' listed in weight_names is missing`, name);
      return readFloatDataset(entity, name, fileBytes);
    });
  }
  const out: KerasWeight[] = [];
  const walk = (node: H5Group, prefix: string) => {
    for (const key of node.keys()) {
      const entity = node.get(key);
      if (entity instanceof Dataset)
        out.push(readFloatDataset(entity, `${prefix}${key}`, fileBytes));
      else if (entity instanceof Group) walk(entity, `${prefix}${key}/`);
    }
  };
  walk(group, '');
  return out;
}
