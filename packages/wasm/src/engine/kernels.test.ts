/**
 * The compiled kernels themselves: both committed modules (SIMD128 and relaxed SIMD) are what
 * csrc/ builds to today, the transcendentals against float64 Math over dense grids (at least as
 * accurate as tfjs's SIMD LSTM cell, ~2e-7), and what a browser loads for this backend (both
 * modules) stays under 150 KB gzipped. The relaxed build's own run checks are in
 * src/relaxed-simd.relaxed.test.ts (a Node with relaxed SIMD) and src/browser.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { instantiateKernels, kernelBytes, kernelModule } from './kernels.js';
import { MemoryArena } from './memory-arena.js';

// The build script's compiler (scripts/build-wasm.mjs CLANG): Debian's clang-16 package.
const hasClang = spawnSync('clang-16', ['--version']).status === 0;

describe('the committed kernels', () => {
  it.skipIf(!hasClang)(
    'are up to date with csrc/, both builds (rebuilt with clang-16 and compared; skipped where clang-16 is absent, CI installs it)',
    (context) => {
      const script = fileURLToPath(new URL('../../scripts/build-wasm.mjs', import.meta.url));
      const result = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
      // Exit 4: another clang version than the one that built the committed module, whose
      // bytes may differ without the C having changed: not a staleness verdict either way.
      if (result.status === 4) context.skip(result.stderr.trim());
      expect(result.status, result.stderr).toBe(0);
    },
  );

  it('validate as WebAssembly with SIMD and export every kernel the engine calls', async () => {
    const module = await kernelModule('simd128');
    const names = WebAssembly.Module.exports(module)
      .map((e) => e.name)
      .sort();
    expect(names).toEqual(
      [
        '__heap_base',
        'activate',
        'embedding_gather',
        'gemm',
        'gemm_two',
        'merge',
        'pack_panels',
        'recurrent_run',
        'softmax_rows',
      ].sort(),
    );
    expect(WebAssembly.Module.imports(module)).toEqual([
      { module: 'env', name: 'memory', kind: 'memory' },
    ]);
  });

  it('differ only in the products: the relaxed build is the SIMD128 one with relaxed_madd', () => {
    // Opcode 0xfd 0x105 (LEB128 85 02) is f32x4.relaxed_madd: absent from the SIMD128 build,
    // present in the relaxed one (gemm.c's multiply-adds). A crude byte scan, but the SIMD128
    // module must never carry it, or runtimes without relaxed SIMD would refuse it.
    const count = (bytes: Uint8Array) => {
      let n = 0;
      for (let i = 0; i + 2 < bytes.length; i++)
        if (bytes[i] === 0xfd && bytes[i + 1] === 0x85 && bytes[i + 2] === 0x02) n++;
      return n;
    };
    expect(count(kernelBytes('simd128'))).toBe(0);
    expect(count(kernelBytes('relaxed'))).toBeGreaterThanOrEqual(12);
  });
});

async function activateGrid(
  code: number,
  xs: Float64Array,
  alpha = 0,
  beta = 0,
): Promise<Float32Array> {
  const memory = new WebAssembly.Memory({ initial: 2, maximum: 256 });
  const kernels = instantiateKernels(await kernelModule(), memory);
  const arena = new MemoryArena(memory, kernels.__heap_base.value as number);
  const at = arena.writeFloats(Float32Array.from(xs), 'grid');
  kernels.activate(at, xs.length, code, alpha, beta);
  return arena.readFloats(at, xs.length);
}

function grid(from: number, to: number, count: number): Float64Array {
  // float32 points, so the float64 reference sees exactly the kernel's inputs.
  return Float64Array.from({ length: count }, (_, i) =>
    Math.fround(from + ((to - from) * i) / (count - 1)),
  );
}

function maxError(
  actual: Float32Array,
  xs: Float64Array,
  f: (x: number) => number,
  relative = false,
) {
  let worst = 0;
  for (let i = 0; i < xs.length; i++) {
    const want = f(xs[i]);
    const error = Math.abs(actual[i] - want) / (relative ? Math.abs(want) : 1);
    if (!(error <= worst)) worst = error;
  }
  return worst;
}

describe('transcendentals against float64', () => {
  const xs = grid(-20, 20, 40_001);
  it('tanh within 2e-7 absolute (and 1e-6 relative near 0)', async () => {
    const out = await activateGrid(2, xs);
    expect(maxError(out, xs, Math.tanh)).toBeLessThan(2e-7);
    const small = grid(-0.1, 0.1, 10_001).filter((x) => x !== 0);
    expect(maxError(await activateGrid(2, small), small, Math.tanh, true)).toBeLessThan(1e-6);
  });
  it('sigmoid within 2e-7 absolute', async () => {
    expect(maxError(await activateGrid(3, xs), xs, (x) => 1 / (1 + Math.exp(-x)))).toBeLessThan(
      2e-7,
    );
  });
  it('tanh and sigmoid within 2e-7 absolute over the whole float32 range, NaN stays NaN', async () => {
    // Every 4099th bit pattern (~1M floats: both signs, subnormals, huge, Inf, NaN): the gates'
    // leaner exp clamps its argument, so the extremes are checked as well as the middle.
    const bits = Uint32Array.from({ length: Math.ceil(2 ** 32 / 4099) }, (_, i) => i * 4099);
    const all = Float64Array.from(new Float32Array(bits.buffer));
    const extremes = [0, -0, 1e-45, -1e-45, 87, -87, 88.8, -88.8, 9, -9, 3.4e38, -3.4e38];
    const xs = Float64Array.from([...all, ...extremes, Infinity, -Infinity]);
    const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
    for (const [code, f] of [
      [2, Math.tanh],
      [3, sigmoid],
    ] as const) {
      const out = await activateGrid(code, xs);
      let worst = 0;
      for (let i = 0; i < xs.length; i++) {
        if (Number.isNaN(xs[i])) {
          expect(Number.isNaN(out[i]), `NaN in, code ${code}`).toBe(true);
          continue;
        }
        const error = Math.abs(out[i] - f(xs[i]));
        if (!(error <= worst)) worst = error;
      }
      expect(worst, `activation code ${code}`).toBeLessThan(2e-7);
    }
  });
  it('exp within 3e-7 relative over float32 range, +Inf above it, NaN stays NaN', async () => {
    const wide = grid(-87, 88.7, 40_001);
    expect(maxError(await activateGrid(6, wide), wide, Math.exp, true)).toBeLessThan(3e-7);
    const edge = await activateGrid(6, Float64Array.from([89, 1000, -1000, Number.NaN]));
    expect([...edge].slice(0, 3)).toEqual([Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, 0]);
    expect(Number.isNaN(edge[3])).toBe(true);
  });
  it('softplus within 3e-7 relative, elu within 2e-7 absolute', async () => {
    const softplus = (x: number) =>
      x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    const out = await activateGrid(5, xs);
    expect(maxError(out, xs, softplus, true)).toBeLessThan(3e-7);
    expect(
      maxError(await activateGrid(10, xs, 0.5), xs, (x) => (x >= 0 ? x : 0.5 * (Math.exp(x) - 1))),
    ).toBeLessThan(2e-7);
  });
});

describe('shipped size', () => {
  it('the wasm and the JavaScript a browser loads are at most 150 KB gzipped', async () => {
    const { build } = await import('esbuild');
    const entry = fileURLToPath(new URL('../index.ts', import.meta.url));
    const bundle = await build({
      entryPoints: [entry],
      bundle: true,
      format: 'esm',
      minify: true,
      write: false,
      platform: 'browser',
      // core is part of what the page loads for this backend: bundle it too.
      alias: {
        '@rnnkit/core': fileURLToPath(new URL('../../../core/src/index.ts', import.meta.url)),
      },
    });
    const js = bundle.outputFiles[0].contents;
    const gzipped = gzipSync(js, { level: 9 }).length;
    const wasm = (['simd128', 'relaxed'] as const).map((variant) => {
      const bytes = kernelBytes(variant);
      return `${variant} ${bytes.length} bytes, ${gzipSync(bytes, { level: 9 }).length} gzipped`;
    });
    console.log(
      `rnnkit-wasm bundle: ${js.length} bytes JS (both wasm builds inline as base64), ${gzipped} bytes gzipped; wasm alone: ${wasm.join('; ')}`,
    );
    expect(gzipped).toBeLessThanOrEqual(150 * 1024);
    // Both builds are really in the bundle (base64), not fetched separately: every line of
    // both generated files (their first lines are the same wasm header, so all of them).
    const text = new TextDecoder().decode(js);
    for (const file of ['./kernels-wasm.ts', './kernels-relaxed-wasm.ts']) {
      const lines = readFileSync(fileURLToPath(new URL(file, import.meta.url)), 'utf8')
        .split("'")
        .filter((_, i) => i % 2 === 1);
      expect(lines.length).toBeGreaterThan(100);
      expect(lines.filter((line) => !text.includes(line))).toEqual([]);
    }
  });
});
