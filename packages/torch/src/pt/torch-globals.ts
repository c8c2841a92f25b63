/**
 * The Python globals a state dict pickle may name, and what each does when called (REDUCE).
 * Everything else is refused by name before anything is built: rnnkit never executes pickled
 * code, and a pickle naming `__main__.MyNet` or `torch.nn.modules.…` is a whole pickled module.
 *
 * Sources (pytorch/pytorch): torch/_utils.py `_rebuild_tensor_v2(storage, storage_offset, size,
 * stride, requires_grad, backward_hooks, metadata=None)`, `_rebuild_tensor(storage,
 * storage_offset, size, stride)`, `_rebuild_parameter(data, requires_grad, backward_hooks)`;
 * torch/serialization.py `persistent_id` (storage tuples) and torch/storage.py (storage classes).
 */

import {
  describePickle,
  PickleDict,
  PickleGlobal,
  PickleTuple,
  type PickleValue,
  TorchStorage,
  TorchTensor,
} from './pickle-values.js';
import { ptError } from './pt-error.js';

/** Storage class -> safetensors dtype and element size. */
export const STORAGE_TYPES: ReadonlyMap<string, { dtype: StorageDtype; bytes: number }> = new Map([
  ['FloatStorage', { dtype: 'F32', bytes: 4 }],
  ['DoubleStorage', { dtype: 'F64', bytes: 8 }],
  ['HalfStorage', { dtype: 'F16', bytes: 2 }],
  ['BFloat16Storage', { dtype: 'BF16', bytes: 2 }],
  ['LongStorage', { dtype: 'I64', bytes: 8 }],
  ['IntStorage', { dtype: 'I32', bytes: 4 }],
  ['ShortStorage', { dtype: 'I16', bytes: 2 }],
  ['CharStorage', { dtype: 'I8', bytes: 1 }],
  ['ByteStorage', { dtype: 'U8', bytes: 1 }],
  ['BoolStorage', { dtype: 'BOOL', bytes: 1 }],
] as const);

export type StorageDtype =
  | 'F32'
  | 'F64'
  | 'F16'
  | 'BF16'
  | 'I64'
  | 'I32'
  | 'I16'
  | 'I8'
  | 'U8'
  | 'BOOL';

const FUNCTIONS = new Set([
  'collections.OrderedDict',
  'torch._utils._rebuild_tensor_v2',
  'torch._utils._rebuild_tensor',
  'torch._utils._rebuild_parameter',
]);

/** GLOBAL / STACK_GLOBAL: the allowed reference, or a refusal that says why. */
export function resolveGlobal(module: string, name: string): PickleGlobal {
  const qualified = `${module}.${name}`;
  if (FUNCTIONS.has(qualified)) return new PickleGlobal(module, name);
  if (module === 'torch' && STORAGE_TYPES.has(name)) return new PickleGlobal(module, name);
  const shown = qualified.length > 120 ? `${qualified.slice(0, 120)}…` : qualified;
  if (module === '__main__' || module.startsWith('torch.nn.modules')) {
    throw ptError(
      `refusing pickle global '${shown}': the file holds a whole pickled module, not a state dict. rnnkit never runs pickled code; save the weights with torch.save(model.state_dict(), path) and read that file`,
      shown,
    );
  }
  throw ptError(
    `refusing pickle global '${shown}': a state dict needs only tensors, storages and OrderedDict (save model.state_dict())`,
    shown,
  );
}

function count(value: PickleValue, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    throw ptError(`${what} must be a non-negative integer, found ${describePickle(value)}`);
  return value;
}

function counts(value: PickleValue, what: string): number[] {
  if (!(value instanceof PickleTuple) && !Array.isArray(value))
    throw ptError(`${what} must be a tuple, found ${describePickle(value)}`);
  const items = value instanceof PickleTuple ? value.items : value;
  if (items.length > 32) throw ptError(`${what} has ${items.length} dimensions`);
  return items.map((item, i) => count(item, `${what}[${i}]`));
}

function rebuildTensor(args: readonly PickleValue[]): TorchTensor {
  const [storage, offset, size, stride] = args;
  if (!(storage instanceof TorchStorage))
    throw ptError(`a tensor must be rebuilt from a storage, found ${describePickle(storage)}`);
  const shape = counts(size, 'tensor size');
  const strides = counts(stride, 'tensor stride');
  if (strides.length !== shape.length)
    throw ptError(`tensor size [${shape}] and stride [${strides}] differ in rank`);
  return new TorchTensor(storage, count(offset, 'storage offset'), shape, strides);
}

/** REDUCE: calls an allowed global with its argument tuple. */
export function callGlobal(callable: PickleValue, args: PickleValue): PickleValue {
  if (!(callable instanceof PickleGlobal))
    throw ptError(`REDUCE calls ${describePickle(callable)}, not an allowed global`);
  if (!(args instanceof PickleTuple)) throw ptError(`REDUCE arguments must be a tuple`);
  switch (callable.qualified) {
    case 'collections.OrderedDict': {
      const dict = new PickleDict();
      const [pairs] = args.items;
      if (pairs === undefined) return dict;
      if (!Array.isArray(pairs)) throw ptError('OrderedDict takes a list of pairs');
      for (const pair of pairs) {
        if (!(pair instanceof PickleTuple) || pair.items.length !== 2)
          throw ptError('OrderedDict takes a list of (key, value) pairs');
        dict.entries.set(pair.items[0] as string, pair.items[1]);
      }
      return dict;
    }
    case 'torch._utils._rebuild_tensor_v2':
    case 'torch._utils._rebuild_tensor':
      return rebuildTensor(args.items);
    case 'torch._utils._rebuild_parameter': {
      const [data] = args.items;
      if (!(data instanceof TorchTensor)) throw ptError('a Parameter must wrap a tensor');
      return data;
    }
    default:
      throw ptError(`${callable.qualified} cannot be called`, callable.qualified);
  }
}

/** BINPERSID: ('storage', storage type, key, location, numel[, view metadata]). */
export function persistentStorage(pid: PickleValue): TorchStorage {
  if (!(pid instanceof PickleTuple) || pid.items.length < 5)
    throw ptError(`unexpected persistent id ${describePickle(pid)}`);
  const [kind, type, key, , numel, view] = pid.items;
  const kindText = kind instanceof Uint8Array ? new TextDecoder().decode(kind) : kind;
  if (kindText !== 'storage')
    throw ptError(`persistent id of kind ${describePickle(kind)} (only storages are read)`);
  if (!(type instanceof PickleGlobal) || !STORAGE_TYPES.has(type.name))
    throw ptError(`persistent id names ${describePickle(type)}, not a storage type`);
  if (typeof key !== 'string' || key.length === 0 || key.length > 64)
    throw ptError(`storage key ${describePickle(key)} is not a short string`);
  const elements = count(numel, `storage '${key}' size`);
  if (view === undefined || view === null) return new TorchStorage(type.name, key, elements);
  // Legacy views (torch < 1.?): (view_key, offset, view_size) into the root storage `key`.
  if (!(view instanceof PickleTuple) || view.items.length !== 3)
    throw ptError(`storage '${key}' has unreadable view metadata`);
  const offset = count(view.items[1], `storage '${key}' view offset`);
  const size = count(view.items[2], `storage '${key}' view size`);
  if (offset + size > elements)
    throw ptError(
      `storage '${key}' view [${offset}, ${offset + size}) is outside its ${elements} elements`,
    );
  return new TorchStorage(type.name, key, size, offset);
}
