/**
 * What the restricted unpickler produces. Python dicts become PickleDict (a Map, so a key
 * called `__proto__` is just a key), tuples PickleTuple, lists arrays; torch objects have their
 * own classes. Nothing here runs code from the file.
 */

export class PickleTuple {
  constructor(readonly items: readonly PickleValue[]) {}
}

export class PickleDict {
  readonly entries = new Map<PickleKey, PickleValue>();
}

/** A reference to an allowed Python global (see torch-globals.ts). */
export class PickleGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}
  get qualified(): string {
    return `${this.module}.${this.name}`;
  }
}

/** A storage named by a persistent id: its bytes are found by key (zip entry or legacy record). */
export class TorchStorage {
  constructor(
    readonly storageType: string,
    readonly key: string,
    readonly numel: number,
    /** Legacy views: elements of the root storage before this view. */
    readonly viewOffset = 0,
  ) {}
}

/** torch._utils._rebuild_tensor_v2(storage, storage_offset, size, stride, ...). */
export class TorchTensor {
  constructor(
    readonly storage: TorchStorage,
    readonly offset: number,
    readonly shape: readonly number[],
    readonly stride: readonly number[],
  ) {}
}

export type PickleKey = string | number | bigint | boolean | null | PickleTuple;

export type PickleValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PickleValue[]
  | PickleTuple
  | PickleDict
  | PickleGlobal
  | TorchStorage
  | TorchTensor;

/** A one-line description of a value for messages (never recursive). */
export function describePickle(value: PickleValue | undefined): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'None';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value instanceof PickleTuple) return `a tuple of ${value.items.length}`;
  if (value instanceof PickleDict) return `a dict of ${value.entries.size}`;
  if (value instanceof PickleGlobal) return `the global ${value.qualified}`;
  if (value instanceof TorchStorage) return `a ${value.storageType}`;
  if (value instanceof TorchTensor) return `a tensor [${value.shape.join(', ')}]`;
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}
