import { defineConfig } from 'vitest/config';

// The page test drives Chromium against the built page (dist/, from `vite build`): no aliases to
// package sources here, the page is built from the packages' dist as a user's app would be.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
