/**
 * The part of h5wasm's Group/Dataset API the Keras readers use, over a snapshot copied out of
 * the file by `walkHdf5` (possibly in a worker). Lookups are by own name only, so a group or
 * attribute called `__proto__` is just a name.
 */
import type { SnapshotDatasetData, SnapshotGroupData, SnapshotNode } from './walk-hdf5.js';

type Attributes = Record<string, { value: unknown }>;

function attributeRecord(entries: [string, unknown][]): Attributes {
  const record = Object.create(null) as Attributes;
  for (const [name, value] of entries) record[name] = { value };
  return record;
}

export class SnapshotGroup {
  readonly attrs: Attributes;
  private readonly children: Map<string, SnapshotNode>;

  constructor(data: SnapshotGroupData) {
    this.attrs = attributeRecord(data.attrs);
    this.children = new Map(data.children);
  }

  keys(): string[] {
    return [...this.children.keys()];
  }

  /** A child by name or by a relative path (`lstm/lstm_cell/kernel:0`, as weight_names store). */
  get(path: string): SnapshotGroup | SnapshotDataset | null {
    const parts = path.split('/').filter((part) => part !== '');
    if (parts.length === 0) return this;
    let group: SnapshotGroup = this;
    for (let i = 0; i < parts.length; i++) {
      const node = group.children.get(parts[i]);
      if (node === undefined) return null;
      if (i === parts.length - 1) {
        if (node.kind === 'group') return new SnapshotGroup(node);
        return node.kind === 'dataset' ? new SnapshotDataset(node) : null;
      }
      if (node.kind !== 'group') return null;
      group = new SnapshotGroup(node);
    }
    return null;
  }
}

export class SnapshotDataset {
  readonly metadata: { type: number; size: number };
  readonly shape: number[];
  readonly value: ArrayLike<number> | null;
  readonly attrs: Attributes = Object.create(null) as Attributes;

  constructor(data: SnapshotDatasetData) {
    this.metadata = { type: data.type, size: data.size };
    this.shape = data.shape;
    this.value = data.value;
  }
}
