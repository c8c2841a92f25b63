/**
 * Copies what the Keras readers need out of an open HDF5 file into plain, structured-cloneable
 * data (groups, their string attributes, float datasets), with every walk bounded: hard links
 * can point back at a group's own ancestors (h5wasm then opens `/a/a/a/…` forever) and a file
 * can nest groups hundreds deep (each level costs h5wasm more than the last).
 *
 * `walkHdf5` is run inside a worker_thread from its source text (`walkHdf5.toString()`), so it
 * must stay self-contained: no imports, no module-level helpers, plain JavaScript once the types
 * are stripped. Errors are thrown as `Error`s whose message starts with "limit:" for a bound that
 * was hit, "format:" for a file HDF5 reads but Keras could not have written.
 */

/** HDF5 datatype class of floating-point data (H5T_FLOAT). */
export const H5T_FLOAT = 1;

export interface WalkLimits {
  /** Deepest group nesting followed (Keras nests 6 levels at most). */
  maxDepth: number;
  /** Most groups and datasets visited in one file. */
  maxNodes: number;
  /** Size of the file: no dataset may declare more bytes than the file holds. */
  fileBytes: number;
}

export type SnapshotAttributes = [name: string, value: unknown][];

export interface SnapshotGroupData {
  kind: 'group';
  attrs: SnapshotAttributes;
  children: [name: string, node: SnapshotNode][];
}

export interface SnapshotDatasetData {
  kind: 'dataset';
  /** HDF5 datatype class and element size in bytes. */
  type: number;
  size: number;
  shape: number[];
  /** Float datasets whose declared size fits in the file; null for anything else. */
  value: ArrayLike<number> | null;
}

export interface SnapshotOtherData {
  kind: 'other';
}

export type SnapshotNode = SnapshotGroupData | SnapshotDatasetData | SnapshotOtherData;

interface H5Like {
  Group: new (...args: never[]) => unknown;
  Dataset: new (...args: never[]) => unknown;
}

// biome-ignore lint/suspicious/noExplicitAny: h5wasm objects, typed loosely so this file has no imports
type AnyH5 = any;

export function walkHdf5(lib: H5Like, root: AnyH5, limits: WalkLimits): SnapshotGroupData {
  let visited = 0;
  const attributesOf = (node: AnyH5): [string, unknown][] => {
    const out: [string, unknown][] = [];
    let attrs: Record<string, AnyH5>;
    try {
      attrs = node.attrs;
    } catch {
      return out;
    }
    for (const name of Object.keys(attrs)) {
      let value: unknown;
      try {
        value = attrs[name].value;
      } catch {
        continue;
      }
      // Only what Keras stores: strings, string lists, small numeric arrays.
      if (
        typeof value === 'string' ||
        typeof value === 'number' ||
        Array.isArray(value) ||
        ArrayBuffer.isView(value)
      ) {
        out.push([name, value]);
      }
    }
    return out;
  };
  const datasetOf = (dataset: AnyH5, path: string): SnapshotDatasetData => {
    const metadata = dataset.metadata ?? {};
    const shape: number[] = Array.from(dataset.shape ?? []);
    let count = 1;
    for (const dim of shape) count *= dim;
    const type = Number(metadata.type);
    const size = Number(metadata.size);
    // Floats (type 1) and integers (type 0, e.g. a Keras optimizer's `iterations` counter).
    const readable =
      ((type === 1 && (size === 2 || size === 4 || size === 8)) ||
        (type === 0 && (size === 1 || size === 2 || size === 4 || size === 8))) &&
      count * size <= limits.fileBytes;
    let value: ArrayLike<number> | null = null;
    if (readable) {
      const raw = dataset.value;
      if (typeof raw === 'number' || typeof raw === 'bigint') {
        // A scalar dataset (shape []) reads as a plain number, e.g. a Keras optimizer variable.
        value = [Number(raw)];
      } else if (raw instanceof BigInt64Array || raw instanceof BigUint64Array) {
        value = Array.from(raw, Number);
      } else if (!ArrayBuffer.isView(raw) && !Array.isArray(raw) && raw !== null) {
        throw new Error(`format: dataset ${path} did not read as numbers`);
      } else {
        value = raw as ArrayLike<number> | null;
      }
    }
    return { kind: 'dataset', type, size, shape, value };
  };
  const groupOf = (group: AnyH5, path: string, depth: number): SnapshotGroupData => {
    if (depth > limits.maxDepth) {
      throw new Error(
        `limit: groups nest deeper than ${limits.maxDepth} levels at ${path} (a link cycle?)`,
      );
    }
    const children: [string, SnapshotNode][] = [];
    for (const key of group.keys() as string[]) {
      visited++;
      if (visited > limits.maxNodes) {
        throw new Error(`limit: more than ${limits.maxNodes} groups and datasets`);
      }
      const childPath = `${path === '/' ? '' : path}/${key}`;
      const child = group.get(key);
      if (child instanceof lib.Group) children.push([key, groupOf(child, childPath, depth + 1)]);
      else if (child instanceof lib.Dataset) children.push([key, datasetOf(child, childPath)]);
      else children.push([key, { kind: 'other' }]);
    }
    return { kind: 'group', attrs: attributesOf(group), children };
  };
  return groupOf(root, '/', 0);
}
