import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RnnkitError } from '../errors.js';
import { decodeSafetensors, MAX_HEADER_BYTES } from './decode.js';
import type { SafetensorsTensor } from './dtypes.js';
import { encodeSafetensors } from './encode.js';
import { toFloat32Weights } from './to-float32.js';

const fixture = (path: string) =>
  new Uint8Array(readFileSync(new URL(`./__fixtures__/${path}`, import.meta.url)));

/** A file from a literal header and data section, for the hardening cases. */
function file(header: unknown, data: Uint8Array | number = 0, lengthOverride?: bigint): Uint8Array {
  const json = new TextEncoder().encode(
    typeof header === 'string' ? header : JSON.stringify(header),
  );
  const body = typeof data === 'number' ? new Uint8Array(data) : data;
  const out = new Uint8Array(8 + json.length + body.length);
  new DataView(out.buffer).setBigUint64(0, lengthOverride ?? BigInt(json.length), true);
  out.set(json, 8);
  out.set(body, 8 + json.length);
  return out;
}

/** Any tensor's values as a plain array (bigint for the 64-bit integer types). */
const values = (data?: SafetensorsTensor['data']): (number | bigint)[] =>
  data ? [...(data as Iterable<number | bigint>)] : [];

function decodeError(bytes: Uint8Array): RnnkitError {
  try {
    decodeSafetensors(bytes);
  } catch (error) {
    expect(RnnkitError.isInstance(error)).toBe(true);
    return error as RnnkitError;
  }
  throw new Error('expected decodeSafetensors to throw');
}

/** Runs `action` and reports how much ArrayBuffer memory it allocated at its peak (approximately). */
function arrayBufferGrowth(action: () => void): number {
  const before = process.memoryUsage().arrayBuffers;
  action();
  return process.memoryUsage().arrayBuffers - before;
}

describe('encodeSafetensors / decodeSafetensors round trip', () => {
  const all: Record<string, SafetensorsTensor> = {
    f32: {
      dtype: 'F32',
      shape: [2, 2],
      data: new Float32Array([1, -2.5, 3.25, Number.POSITIVE_INFINITY]),
    },
    f64: { dtype: 'F64', shape: [3], data: new Float64Array([0.1, -1e300, 5e-324]) },
    f16: { dtype: 'F16', shape: [2], data: new Uint16Array([0x3c00, 0xc000]) },
    bf16: { dtype: 'BF16', shape: [1, 2], data: new Uint16Array([0x3fc0, 0xbec0]) },
    i32: { dtype: 'I32', shape: [3], data: new Int32Array([-2147483648, 0, 2147483647]) },
    u32: { dtype: 'U32', shape: [1], data: new Uint32Array([4294967295]) },
    i64: { dtype: 'I64', shape: [2], data: new BigInt64Array([-(2n ** 63n), 2n ** 53n + 1n]) },
    u64: { dtype: 'U64', shape: [1], data: new BigUint64Array([2n ** 64n - 1n]) },
    i16: { dtype: 'I16', shape: [2], data: new Int16Array([-32768, 32767]) },
    u16: { dtype: 'U16', shape: [1], data: new Uint16Array([65535]) },
    i8: { dtype: 'I8', shape: [3], data: new Int8Array([-128, 0, 127]) },
    u8: { dtype: 'U8', shape: [1], data: new Uint8Array([255]) },
    bool: { dtype: 'BOOL', shape: [3], data: new Uint8Array([1, 0, 1]) },
    scalar: { dtype: 'F32', shape: [], data: new Float32Array([7]) },
    empty: { dtype: 'F32', shape: [0, 5], data: new Float32Array(0) },
  };

  it('keeps every dtype, shape, value and the metadata', () => {
    const bytes = encodeSafetensors(new Map(Object.entries(all)), { format: 'pt', note: 'ü' });
    const decoded = decodeSafetensors(bytes);
    expect(decoded.metadata).toEqual({ format: 'pt', note: 'ü' });
    expect([...decoded.tensors.keys()].sort()).toEqual(Object.keys(all).sort());
    for (const [name, tensor] of Object.entries(all)) {
      const back = decoded.tensors.get(name);
      expect(back?.dtype, name).toBe(tensor.dtype);
      expect(back?.shape, name).toEqual(tensor.shape);
      expect(back?.data.constructor, name).toBe(tensor.data.constructor);
      expect(values(back?.data), name).toEqual(values(tensor.data));
    }
  });

  it('pads the header with spaces to 8 bytes and aligns every tensor to its element size', () => {
    const bytes = encodeSafetensors(new Map(Object.entries(all)));
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(headerLength % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
    const text = new TextDecoder().decode(bytes.subarray(8, 8 + headerLength));
    expect(text.trimEnd().length).toBeGreaterThan(headerLength - 8);
    expect(text.slice(text.trimEnd().length)).toMatch(/^ *$/);
    const size: Record<string, number> = {
      F64: 8,
      I64: 8,
      U64: 8,
      F32: 4,
      I32: 4,
      U32: 4,
      F16: 2,
      BF16: 2,
      I16: 2,
      U16: 2,
    };
    for (const [name, entry] of Object.entries<{ dtype: string; data_offsets: number[] }>(header)) {
      expect(entry.data_offsets[0] % (size[entry.dtype] ?? 1), name).toBe(0);
    }
  });

  it('orders tensors as the reference writer does: wider dtypes first, then by name', () => {
    const bytes = encodeSafetensors(
      new Map<string, SafetensorsTensor>([
        ['b', { dtype: 'F32', shape: [1], data: new Float32Array(1) }],
        ['c', { dtype: 'U8', shape: [1], data: new Uint8Array(1) }],
        ['a', { dtype: 'F32', shape: [1], data: new Float32Array(1) }],
        ['d', { dtype: 'F64', shape: [1], data: new Float64Array(1) }],
      ]),
      { k: 'v' },
    );
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    const text = new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)).trimEnd();
    expect(text).toBe(
      '{"__metadata__":{"k":"v"},"d":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},' +
        '"a":{"dtype":"F32","shape":[1],"data_offsets":[8,12]},"b":{"dtype":"F32","shape":[1],"data_offsets":[12,16]},' +
        '"c":{"dtype":"U8","shape":[1],"data_offsets":[16,17]}}',
    );
  });

  it('reads data that sits at an unaligned offset inside a larger buffer', () => {
    const bytes = encodeSafetensors(
      new Map([['x', { dtype: 'F64', shape: [2], data: new Float64Array([1.5, -2]) }]]),
    );
    const host = new Uint8Array(bytes.length + 3);
    host.set(bytes, 3);
    const decoded = decodeSafetensors(host.subarray(3));
    expect(values(decoded.tensors.get('x')?.data)).toEqual([1.5, -2]);
  });

  it('decodes a Node Buffer from the shared pool (non-zero byteOffset) to copies, not pool views', () => {
    const bytes = encodeSafetensors(
      new Map([['x', { dtype: 'F32', shape: [3], data: new Float32Array([1, 2, 3]) }]]),
    );
    const pooled = Buffer.from(bytes);
    expect(pooled.byteOffset).not.toBe(0); // small Buffers share one pool ArrayBuffer
    const tensor = decodeSafetensors(pooled).tensors.get('x');
    expect(values(tensor?.data)).toEqual([1, 2, 3]);
    expect(tensor?.data.buffer).not.toBe(pooled.buffer);
  });

  it('keeps names that are special to JavaScript objects ("__proto__", "constructor")', () => {
    const tensors = new Map<string, SafetensorsTensor>([
      ['__proto__', { dtype: 'F32', shape: [1], data: new Float32Array([1]) }],
      ['constructor', { dtype: 'F32', shape: [1], data: new Float32Array([2]) }],
    ]);
    const decoded = decodeSafetensors(
      encodeSafetensors(tensors, Object.fromEntries([['__proto__', 'x']])),
    );
    expect(Object.entries(decoded.metadata)).toEqual([['__proto__', 'x']]);
    expect(values(decoded.tensors.get('__proto__')?.data)).toEqual([1]);
    expect(values(decoded.tensors.get('constructor')?.data)).toEqual([2]);
  });

  it('orders names by their UTF-8 bytes, as the reference writer does', () => {
    // JavaScript's UTF-16 order puts U+1F600 (surrogate 0xD83D) first; UTF-8 puts U+FF5E (EF ..) before it (F0 ..).
    const f32 = (): SafetensorsTensor => ({ dtype: 'F32', shape: [1], data: new Float32Array(1) });
    const bytes = encodeSafetensors(
      new Map([
        ['\u{1F600}', f32()],
        ['\uFF5E', f32()],
      ]),
    );
    const { tensors } = decodeSafetensors(bytes);
    expect([...tensors.keys()]).toEqual(['\uFF5E', '\u{1F600}']);
  });

  it('refuses tensors whose data does not match dtype or shape', () => {
    const wrongArray = {
      dtype: 'F32',
      shape: [2],
      data: new Float64Array(2),
    } as unknown as SafetensorsTensor;
    expect(() => encodeSafetensors(new Map([['w', wrongArray]]))).toThrow(/w.*Float32Array/);
    const wrongShape: SafetensorsTensor = { dtype: 'F32', shape: [3], data: new Float32Array(2) };
    expect(() => encodeSafetensors(new Map([['w', wrongShape]]))).toThrow(RnnkitError);
  });
});

describe('files written by the real safetensors library (upstream samples)', () => {
  it('reads overall.safetensors: nine dtypes, values -3..2, unaligned data section', () => {
    const { tensors, metadata } = decodeSafetensors(
      fixture('upstream-samples/overall.safetensors'),
    );
    expect(metadata).toEqual({ test: 'a' });
    const expected: Record<string, [string, number[]]> = {
      B: ['U8', [253, 254, 255, 0, 1, 2]],
      H: ['U16', [65533, 65534, 65535, 0, 1, 2]],
      I: ['U32', [4294967293, 4294967294, 4294967295, 0, 1, 2]],
      b: ['I8', [-3, -2, -1, 0, 1, 2]],
      h: ['I16', [-3, -2, -1, 0, 1, 2]],
      i: ['I32', [-3, -2, -1, 0, 1, 2]],
      d: ['F64', [-3, -2, -1, 0, 1, 2]],
      f: ['F32', [-3, -2, -1, 0, 1, 2]],
      e: ['F16', [0xc200, 0xc000, 0xbc00, 0, 0x3c00, 0x4000]], // raw binary16 bits of -3..2
    };
    expect([...tensors.keys()].sort()).toEqual(Object.keys(expected).sort());
    for (const [name, [dtype, numbers]] of Object.entries(expected)) {
      const tensor = tensors.get(name);
      expect(tensor?.dtype, name).toBe(dtype);
      expect(tensor?.shape, name).toEqual([6]);
      expect(values(tensor?.data), name).toEqual(numbers);
    }
    const floats = toFloat32Weights(new Map([...tensors].filter(([name]) => 'def'.includes(name))));
    for (const name of ['d', 'e', 'f'])
      expect(Array.from(floats.get(name)?.data ?? []), name).toEqual([-3, -2, -1, 0, 1, 2]);
  });

  it('reads f.safetensors', () => {
    const { tensors } = decodeSafetensors(fixture('upstream-samples/f.safetensors'));
    expect(tensors.get('f')).toEqual({
      dtype: 'F32',
      shape: [6],
      data: new Float32Array([-3, -2, -1, 0, 1, 2]),
    });
  });
});

describe('a file written from the format description (struct + json)', () => {
  const bytes = fixture('spec-written/spec-written.safetensors');

  it('decodes every tensor with its hand-chosen values', () => {
    const { tensors, metadata } = decodeSafetensors(bytes);
    expect(metadata).toEqual({ format: 'pt', source: 'make_spec_written.py' });
    expect(tensors.get('layer/kernel')).toEqual({
      dtype: 'F32',
      shape: [2, 3],
      data: new Float32Array([1.5, -2.25, 0, 3, 0.125, -1]),
    });
    expect(tensors.get('wide')).toEqual({
      dtype: 'F64',
      shape: [2],
      data: new Float64Array([0.1, -1e300]),
    });
    expect(tensors.get('ids')).toEqual({
      dtype: 'I64',
      shape: [3],
      data: new BigInt64Array([-(2n ** 40n), 2n ** 53n + 1n, 7n]),
    });
    expect(tensors.get('count')).toEqual({ dtype: 'I32', shape: [], data: new Int32Array([-42]) });
    expect(tensors.get('flags')).toEqual({
      dtype: 'BOOL',
      shape: [3],
      data: new Uint8Array([1, 0, 1]),
    });
    expect(tensors.get('empty')).toEqual({
      dtype: 'F32',
      shape: [0, 4],
      data: new Float32Array(0),
    });

    const floats = toFloat32Weights(
      new Map([...tensors].filter(([name]) => ['half', 'brain', 'wide'].includes(name))),
    );
    expect(Array.from(floats.get('half')?.data ?? [])).toEqual([
      0.5,
      -2,
      65504,
      2 ** -14,
      2 ** -24,
      Number.POSITIVE_INFINITY,
    ]);
    expect(floats.get('brain')).toEqual({
      shape: [2, 2],
      data: new Float32Array([1.5, -0.375, 256, 3.140625]),
    });
    expect(Array.from(floats.get('wide')?.data ?? [])).toEqual([
      Math.fround(0.1),
      Number.NEGATIVE_INFINITY,
    ]);
  });

  it('re-encodes to the identical bytes (same ordering, header layout and padding)', () => {
    const { tensors, metadata } = decodeSafetensors(bytes);
    expect(encodeSafetensors(tensors, metadata)).toEqual(bytes);
  });

  it('refuses integer tensors as float weights, naming the tensor', () => {
    const { tensors } = decodeSafetensors(bytes);
    const error = (() => {
      try {
        toFloat32Weights(tensors);
      } catch (e) {
        return e as RnnkitError;
      }
    })();
    expect(error?.code).toBe('INVALID_WEIGHTS');
    expect(error?.path).toBe('ids');
  });
});

describe('decodeSafetensors refuses malformed files without allocating what they claim', () => {
  const good = { x: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } };

  it('a file shorter than the length field', () => {
    expect(decodeError(new Uint8Array(5)).message).toMatch(/shorter than the 8-byte/);
  });

  it('a truncated header', () => {
    const whole = file(good, 8);
    expect(decodeError(whole.subarray(0, 20)).code).toBe('INVALID_WEIGHTS');
  });

  it('a header length of 2^60', () => {
    let error: RnnkitError | undefined;
    const growth = arrayBufferGrowth(() => {
      error = decodeError(file(good, 8, 2n ** 60n));
    });
    expect(error?.code).toBe('INVALID_WEIGHTS');
    expect(error?.message).toMatch(/1152921504606846976 exceeds/);
    expect(growth).toBeLessThan(1 << 20);
  });

  it('a header length just over the limit, and one past the end of the file', () => {
    expect(decodeError(file(good, 8, BigInt(MAX_HEADER_BYTES + 1))).message).toMatch(/exceeds/);
    expect(decodeError(file(good, 8, 1000n)).message).toMatch(/runs past the end/);
  });

  it('a header that is not JSON, not UTF-8, or not an object', () => {
    expect(decodeError(file('{"x": [1, 2', 0)).message).toMatch(/not JSON/);
    expect(
      decodeError(file(new TextDecoder('latin1').decode(new Uint8Array([0x7b, 0xff, 0x7d])), 0))
        .code,
    ).toBe('INVALID_WEIGHTS');
    const badUtf8 = file('{}', 0);
    badUtf8[9] = 0xff;
    expect(decodeError(badUtf8).message).toMatch(/UTF-8|JSON/);
    expect(decodeError(file('[1,2]', 0)).message).toMatch(/JSON object/);
  });

  it('offsets beyond the end of the file, even when they claim gigabytes', () => {
    let error: RnnkitError | undefined;
    const growth = arrayBufferGrowth(() => {
      error = decodeError(
        file({ x: { dtype: 'F32', shape: [1_000_000_000], data_offsets: [0, 4_000_000_000] } }, 8),
      );
    });
    expect(error?.code).toBe('INVALID_WEIGHTS');
    expect(error?.path).toBe('x');
    expect(error?.message).toMatch(/run past the end/);
    expect(growth).toBeLessThan(1 << 20);
  });

  it('overlapping tensors', () => {
    const error = decodeError(
      file(
        {
          a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
          b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] },
        },
        12,
      ),
    );
    expect(error.path).toBe('b');
    expect(error.message).toMatch(/overlap/);
  });

  it('gaps, and data the tensors do not cover', () => {
    const gap = decodeError(
      file(
        {
          a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] },
          b: { dtype: 'F32', shape: [1], data_offsets: [8, 12] },
        },
        12,
      ),
    );
    expect(gap.message).toMatch(/gap/);
    expect(decodeError(file(good, 12)).message).toMatch(
      /cover 8 bytes but the data section holds 12/,
    );
  });

  it('a byte length that is not shape × dtype size', () => {
    const error = decodeError(file({ x: { dtype: 'F64', shape: [2], data_offsets: [0, 8] } }, 8));
    expect(error.path).toBe('x');
    expect(error.message).toMatch(/needs 16 bytes/);
  });

  it('a shape whose product overflows', () => {
    const error = decodeError(
      file({ x: { dtype: 'F32', shape: [2 ** 40, 2 ** 40], data_offsets: [0, 8] } }, 8),
    );
    expect(error.message).toMatch(/too large/);
  });

  it('unknown dtypes and malformed entries', () => {
    expect(
      decodeError(file({ x: { dtype: 'F8_E4M3', shape: [2], data_offsets: [0, 2] } }, 2)).message,
    ).toMatch(/unsupported dtype "F8_E4M3"/);
    expect(
      decodeError(file({ x: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, 4)).message,
    ).toMatch(/shape/);
    expect(
      decodeError(file({ x: { dtype: 'F32', shape: [1], data_offsets: [4, 0] } }, 4)).message,
    ).toMatch(/data_offsets/);
    expect(
      decodeError(file({ x: { dtype: 'F32', shape: [1.5], data_offsets: [0, 4] } }, 4)).path,
    ).toBe('x');
    expect(decodeError(file({ x: 3 }, 0)).path).toBe('x');
    expect(decodeError(file({ __metadata__: { k: 1 } }, 0)).message).toMatch(/__metadata__/);
  });

  it('duplicate tensor names (JSON.parse would keep the last silently)', () => {
    const header =
      '{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}';
    const error = decodeError(file(header, 4));
    expect(error.message).toMatch(/repeats the key "x"/);
    // Escaped spellings of the same name are the same key.
    const escaped =
      '{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"\\u0078":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}';
    expect(decodeError(file(escaped, 8)).path).toBe('x');
    // Equal strings as values, or as keys of different objects, are fine.
    const fine =
      '{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}';
    expect(decodeSafetensors(file(fine, 8)).tensors.size).toBe(2);
  });

  it('accepts an empty file section and leading or trailing header whitespace', () => {
    expect(decodeSafetensors(file('{}', 0)).tensors.size).toBe(0);
    expect(
      decodeSafetensors(file(`  ${JSON.stringify(good)}      `, 8)).tensors.get('x')?.shape,
    ).toEqual([2]);
  });
});
