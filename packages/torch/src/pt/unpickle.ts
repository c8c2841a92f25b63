/**
 * A restricted unpickler for torch.save's pickles (protocols 2-5; PyTorch writes protocol 2).
 * It interprets the opcodes that build data (ints, floats, strings, tuples, lists, dicts, memo)
 * and resolves globals only from torch-globals.ts, refusing every other global by name; it has
 * no way to import or call anything else. Opcode semantics: CPython Lib/pickle.py (`_Unpickler`)
 * and Lib/pickletools.py.
 *
 * Bounded by construction: one pass over the bytes, every read checked against the end, the
 * stack and memo grow by at most one entry per opcode, and nothing recurses.
 */

import {
  describePickle,
  PickleDict,
  PickleGlobal,
  type PickleKey,
  PickleTuple,
  type PickleValue,
  TorchTensor,
} from './pickle-values.js';
import { ptError } from './pt-error.js';
import { callGlobal, persistentStorage, resolveGlobal } from './torch-globals.js';

const MARK = Symbol('mark');
type StackItem = PickleValue | typeof MARK;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

export interface Unpickled {
  value: PickleValue;
  /** Offset just after the STOP opcode (the legacy format has several pickles in a row). */
  end: number;
}

export function unpickle(bytes: Uint8Array, start = 0, what = 'pickle'): Unpickled {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = start;
  const stack: StackItem[] = [];
  const memo = new Map<number, PickleValue>();

  const need = (n: number) => {
    if (pos + n > bytes.length) throw ptError(`${what} is truncated at byte ${pos}`);
  };
  const u8 = () => {
    need(1);
    return bytes[pos++];
  };
  const u16 = () => {
    need(2);
    pos += 2;
    return view.getUint16(pos - 2, true);
  };
  const u32 = () => {
    need(4);
    pos += 4;
    return view.getUint32(pos - 4, true);
  };
  const u64 = () => {
    need(8);
    pos += 8;
    const value = view.getBigUint64(pos - 8, true);
    if (value > BigInt(bytes.length)) throw ptError(`${what} claims a ${value}-byte item`);
    return Number(value);
  };
  const take = (n: number) => {
    need(n);
    pos += n;
    return bytes.subarray(pos - n, pos);
  };
  const text = (n: number) => {
    try {
      return utf8.decode(take(n));
    } catch {
      throw ptError(`${what} holds a string that is not UTF-8`);
    }
  };
  const line = () => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0 || end - pos > 256) throw ptError(`${what} has an unterminated GLOBAL`);
    const value = latin1.decode(bytes.subarray(pos, end));
    pos = end + 1;
    return value;
  };
  const pop = (): PickleValue => {
    const item = stack.pop();
    if (item === undefined || item === MARK)
      throw ptError(`${what}: stack underflow at byte ${pos}`);
    return item;
  };
  const popMark = (): PickleValue[] => {
    const at = stack.lastIndexOf(MARK);
    if (at < 0) throw ptError(`${what}: no MARK before byte ${pos}`);
    const items = stack.splice(at) as PickleValue[];
    items.shift();
    return items;
  };
  const top = (): PickleValue => {
    const item = stack[stack.length - 1];
    if (item === undefined || item === MARK)
      throw ptError(`${what}: stack underflow at byte ${pos}`);
    return item;
  };
  const setItems = (target: PickleValue, items: PickleValue[]) => {
    if (!(target instanceof PickleDict))
      throw ptError(`${what}: SETITEM on ${describePickle(target)}`);
    for (let i = 0; i + 1 < items.length; i += 2) target.entries.set(asKey(items[i]), items[i + 1]);
  };
  const append = (target: PickleValue, items: PickleValue[]) => {
    if (!Array.isArray(target)) throw ptError(`${what}: APPEND on ${describePickle(target)}`);
    for (const item of items) target.push(item);
  };
  const memoGet = (key: number) => {
    const value = memo.get(key);
    if (value === undefined) throw ptError(`${what}: memo ${key} is read before it is written`);
    return value;
  };

  for (;;) {
    const opcodeAt = pos;
    const op = u8();
    switch (op) {
      case 0x80: {
        // PROTO
        const protocol = u8();
        if (protocol > 5) throw ptError(`${what} uses pickle protocol ${protocol}`);
        break;
      }
      case 0x95: // FRAME: a length prefix for buffering; the opcodes follow inline.
        u64();
        break;
      case 0x2e: // STOP
        if (stack.length !== 1)
          throw ptError(`${what} ends with ${stack.length} items on its stack`);
        return { value: pop(), end: pos };
      case 0x28: // MARK
        stack.push(MARK);
        break;
      case 0x30: // POP
        if (stack.pop() === undefined) throw ptError(`${what}: stack underflow at byte ${pos}`);
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        stack.push(top());
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x4a: // BININT
        need(4);
        pos += 4;
        stack.push(view.getInt32(pos - 4, true));
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(u16());
        break;
      case 0x8a: // LONG1
        stack.push(littleEndianInteger(take(u8())));
        break;
      case 0x8b: {
        // LONG4: integers beyond 255 bytes have no place in a state dict.
        const n = u32();
        if (n > 255) throw ptError(`${what} holds a ${n}-byte integer`);
        stack.push(littleEndianInteger(take(n)));
        break;
      }
      case 0x47: // BINFLOAT (big-endian)
        need(8);
        pos += 8;
        stack.push(view.getFloat64(pos - 8, false));
        break;
      case 0x58: // BINUNICODE
        stack.push(text(u32()));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(text(u8()));
        break;
      case 0x8d: // BINUNICODE8
        stack.push(text(u64()));
        break;
      case 0x55: // SHORT_BINSTRING (Python 2 str; torch's legacy keys may be these)
        stack.push(latin1.decode(take(u8())));
        break;
      case 0x54: {
        // BINSTRING
        need(4);
        pos += 4;
        const n = view.getInt32(pos - 4, true);
        if (n < 0) throw ptError(`${what}: negative string length`);
        stack.push(latin1.decode(take(n)));
        break;
      }
      case 0x43: // SHORT_BINBYTES
        stack.push(take(u8()).slice());
        break;
      case 0x42: // BINBYTES
        stack.push(take(u32()).slice());
        break;
      case 0x8e: // BINBYTES8
        stack.push(take(u64()).slice());
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push(new PickleTuple([]));
        break;
      case 0x85: // TUPLE1
        stack.push(new PickleTuple([pop()]));
        break;
      case 0x86: {
        // TUPLE2
        const b = pop();
        stack.push(new PickleTuple([pop(), b]));
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = pop();
        const b = pop();
        stack.push(new PickleTuple([pop(), b, c]));
        break;
      }
      case 0x74: // TUPLE
        stack.push(new PickleTuple(popMark()));
        break;
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x6c: // LIST
        stack.push(popMark());
        break;
      case 0x7d: // EMPTY_DICT
        stack.push(new PickleDict());
        break;
      case 0x64: {
        // DICT
        const dict = new PickleDict();
        setItems(dict, popMark());
        stack.push(dict);
        break;
      }
      case 0x61: {
        // APPEND
        const item = pop();
        append(top(), [item]);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        append(top(), items);
        break;
      }
      case 0x73: {
        // SETITEM
        const value = pop();
        const key = pop();
        setItems(top(), [key, value]);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        setItems(top(), items);
        break;
      }
      case 0x71: // BINPUT
        memo.set(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x68: // BINGET
        stack.push(memoGet(u8()));
        break;
      case 0x6a: // LONG_BINGET
        stack.push(memoGet(u32()));
        break;
      case 0x63: {
        // GLOBAL
        const module = line();
        stack.push(resolveGlobal(module, line()));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string')
          throw ptError(`${what}: STACK_GLOBAL needs two strings`);
        stack.push(resolveGlobal(module, name));
        break;
      }
      case 0x52: {
        // REDUCE
        const args = pop();
        stack.push(callGlobal(pop(), args));
        break;
      }
      case 0x81: {
        // NEWOBJ: cls.__new__(cls, *args); only OrderedDict is a class we allow.
        pop();
        const cls = pop();
        if (!(cls instanceof PickleGlobal) || cls.qualified !== 'collections.OrderedDict')
          throw ptError(`${what}: NEWOBJ of ${describePickle(cls)}`);
        stack.push(new PickleDict());
        break;
      }
      case 0x62: {
        // BUILD: state set on an object. A state dict's OrderedDict carries `_metadata` (module
        // versions) this way; tensors may carry an empty state. Neither changes the weights.
        pop();
        const target = top();
        if (!(target instanceof PickleDict) && !(target instanceof TorchTensor))
          throw ptError(`${what}: BUILD on ${describePickle(target)}`);
        break;
      }
      case 0x51: // BINPERSID
        stack.push(persistentStorage(pop()));
        break;
      default:
        throw ptError(
          `${what}: pickle opcode 0x${op.toString(16).padStart(2, '0')} at byte ${opcodeAt} is not part of a state dict`,
        );
    }
  }
}

function asKey(value: PickleValue): PickleKey {
  if (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'bigint' ||
    typeof value === 'boolean' ||
    value instanceof PickleTuple
  ) {
    return value;
  }
  throw ptError(`a dict key is ${describePickle(value)}`);
}

/** Two's-complement little-endian integer (LONG1/LONG4); a number when it is exact. */
function littleEndianInteger(bytes: Uint8Array): number | bigint {
  if (bytes.length === 0) return 0;
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]);
  if (bytes[bytes.length - 1] & 0x80) value -= 1n << BigInt(8 * bytes.length);
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value;
}
