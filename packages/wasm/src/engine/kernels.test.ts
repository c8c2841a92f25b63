/**
 * The compiled kernels themselves: both committed modules (SIMD128 and relaxed SIMD) are what
 * csrc/ builds to today, the transcendentals against float64 Math over dense grids (at least as
 * accurate as tfjs's SIMD LSTM cell, ~2e-7), and what a browser loads for this backend (both
 * modules; with the shared builds for threads split off as a bundler does, and with them)
 * stays under 150 KB gzipped; the shared builds export __stack_pointer and each instance can
 * have its own stack. The relaxed build's own run checks are in
 * src/relaxed-simd.relaxed.test.ts (a Node with relaxed SIMD) and src/browser.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { instantiateKernels, kernelBytes, kernelModule } from './kernels.js';
import { sharedKernelBytes } from './kernels-shared.js';
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

  it('shared builds (threads): the same kernels plus __stack_pointer, over a shared memory only', async () => {
    for (const variant of ['simd128', 'relaxed'] as const) {
      const bytes = await sharedKernelBytes(variant);
      if (variant === 'relaxed' && !WebAssembly.validate(bytes)) continue; // Node 20 unflagged
      const module = await WebAssembly.compile(bytes);
      const names = WebAssembly.Module.exports(module).map((e) => e.name);
      expect(names.sort()).toEqual(
        [
          ...WebAssembly.Module.exports(await kernelModule(variant)).map((e) => e.name),
          '__stack_pointer',
        ].sort(),
      );
      const unshared = new WebAssembly.Memory({ initial: 2, maximum: 16 });
      expect(() => new WebAssembly.Instance(module, { env: { memory: unshared } })).toThrow();
    }
  });

  it('each instance of a shared build can have its own C stack (the kernels do use the stack)', async () => {
    // Two instances over one memory, as the session and a worker: the second's stack pointer
    // moved to a region of its own. A product with 5 columns and a bias takes gemm's partial-
    // vector path, which goes through the stack: the moved instance must write only its region.
    const module = await WebAssembly.compile(await sharedKernelBytes('simd128'));
    const memory = new WebAssembly.Memory({ initial: 112, maximum: 128, shared: true });
    const first = instantiateKernels(module, memory);
    const second = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as {
      __stack_pointer: WebAssembly.Global;
      gemm: typeof first.gemm;
      pack_panels: typeof first.pack_panels;
    };
    const own = 1 << 20; // 1 MiB .. 1 MiB + 64 KiB: the second instance's stack
    second.__stack_pointer.value = own + 65536;
    const bytes = new Uint8Array(memory.buffer);
    bytes.fill(0xa5, 0, 65536);
    bytes.fill(0xa5, own, own + 65536);
    const f32 = new Float32Array(memory.buffer);
    const [a, w, panels, bias, out] = [2 << 20, 3 << 20, 4 << 20, 5 << 20, 6 << 20];
    for (let i = 0; i < 3 * 7; i++) f32[(a >> 2) + i] = i / 7;
    for (let i = 0; i < 7 * 5; i++) f32[(w >> 2) + i] = 1 - i / 35;
    for (let i = 0; i < 5; i++) f32[(bias >> 2) + i] = i;
    second.pack_panels(panels, w, 5, 7, 5);
    second.gemm(out, 5, a, 7, 3, 7, panels, 5, bias);
    expect(bytes.subarray(0, 65536).every((b) => b === 0xa5)).toBe(true);
    expect(bytes.subarray(own, own + 65536).some((b) => b !== 0xa5)).toBe(true);
    expect(first.__heap_base.value).toBeLessThan(65536 + 4096);
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
    // Split as a bundler splits dynamic imports: the shared (threads) builds in chunks of their
    // own, loaded only by a backend with threads > 1 (both counts must hold).
    const split = await build({
      entryPoints: [entry],
      bundle: true,
      format: 'esm',
      minify: true,
      write: false,
      splitting: true,
      outdir: '/virtual',
      metafile: true,
      platform: 'browser',
      alias: {
        '@rnnkit/core': fileURLToPath(new URL('../../../core/src/index.ts', import.meta.url)),
      },
    });
    const files = new Map(split.outputFiles.map((f) => [f.path, f.contents]));
    const outputs = split.metafile.outputs;
    const entryOut = Object.keys(outputs).find((path) => outputs[path].entryPoint) as string;
    const staticClosure = new Set<string>();
    const visit = (path: string) => {
      if (staticClosure.has(path)) return;
      staticClosure.add(path);
      for (const imported of outputs[path].imports)
        if (imported.kind === 'import-statement' && outputs[imported.path]) visit(imported.path);
    };
    visit(entryOut);
    const gz = (paths: Iterable<string>) => {
      let total = 0;
      for (const path of paths) {
        const contents = files.get(resolve(path));
        total += gzipSync(contents as Uint8Array, { level: 9 }).length;
      }
      return total;
    };
    const oneThread = gz(staticClosure);
    const everything = gz(Object.keys(outputs).filter((path) => path.endsWith('.js')));
    console.log(
      `rnnkit-wasm split bundle: one-thread page ${oneThread} bytes gzipped (${staticClosure.size} files), with threads ${everything} bytes gzipped`,
    );
    expect(oneThread).toBeLessThanOrEqual(150 * 1024);
    expect(everything).toBeLessThanOrEqual(150 * 1024);
    // The shared builds are not in what a one-thread page loads.
    const sharedLine = readFileSync(
      fileURLToPath(new URL('./kernels-shared-wasm.ts', import.meta.url)),
      'utf8',
    ).split("'")[9];
    const oneThreadText = [...staticClosure]
      .map((path) => new TextDecoder().decode(files.get(resolve(path))))
      .join('');
    expect(sharedLine.length).toBe(100);
    expect(oneThreadText.includes(sharedLine)).toBe(false);

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
      `rnnkit-wasm bundle: ${js.length} bytes JS unsplit (all four wasm builds inline as base64), ${gzipped} bytes gzipped; wasm alone: ${wasm.join('; ')}`,
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
