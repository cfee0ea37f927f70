import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Examples import the package by name, as users do: the `source` export condition resolves
  // `faultline/...` to the TypeScript entries through the package's self-reference. Tests run
  // in vite's server (ssr) environment, which takes its conditions from `ssr.resolve`.
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'threads',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
