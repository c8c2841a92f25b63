import { configDefaults, defineConfig } from 'vitest/config';
import shared from '../../vitest.shared.ts';

// Two projects over the shared settings: every test in a plain Node (no relaxed SIMD: the
// SIMD128 build), and the *.relaxed.test.ts files in workers started with
// --experimental-wasm-relaxed-simd, where the relaxed-SIMD build validates (Node 20 ships relaxed
// SIMD only behind that flag). Vitest 3.2 takes a pool's execArgv from the root config only, per
// pool, not per project: so the relaxed project runs in the 'vmForks' pool and the flag is given
// to that pool alone. (Not `extends: true`: it would concatenate the shared include list.)
const project = (test: Record<string, unknown>) => ({
  resolve: shared.resolve,
  test: { ...shared.test, ...test },
});

export default defineConfig({
  test: {
    poolOptions: { vmForks: { execArgv: ['--experimental-wasm-relaxed-simd'] } },
    projects: [
      project({ name: 'wasm', exclude: [...configDefaults.exclude, 'src/**/*.relaxed.test.ts'] }),
      project({ name: 'relaxed-simd', include: ['src/**/*.relaxed.test.ts'], pool: 'vmForks' }),
    ],
  },
});
