import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeTensor } from './decode.js';
import { tensorToFloat32 } from './tensor-data.js';

const OUTPUT = fileURLToPath(
  new URL(
    '../__fixtures__/onnx-node/test_gru_defaults/test_data_set_0/output_0.pb',
    import.meta.url,
  ),
);

describe('decoding from a Node Buffer', () => {
  it('reads raw_data at the buffer view, not at the start of Node’s shared pool', () => {
    const pooled = readFileSync(OUTPUT); // small files come from a shared allocation pool
    const fresh = new Uint8Array(pooled); // a standalone copy of the same bytes
    const fromPool = Array.from(tensorToFloat32(decodeTensor(pooled)));
    const fromCopy = Array.from(tensorToFloat32(decodeTensor(fresh)));
    expect(fromPool).toEqual(fromCopy);
    // GRU outputs are tanh/sigmoid mixes: every value lies in (-1, 1).
    expect(fromPool.every((v) => Math.abs(v) < 1)).toBe(true);
  });
});
