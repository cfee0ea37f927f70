import { defineConfig } from 'vitest/config';

/**
 * Test files whose registrations would change what other files assert (the registry test expects
 * an exact `listEnvs()`). They run in a module graph of their own; every other file shares one
 * module graph per worker, so the package is imported once per worker instead of once per file.
 * Files that register fixture envs or teams may share it: sweeps name the built-in envs, never
 * read the registry.
 */
const ISOLATED = ['test/core/registry.test.ts'];

// `npm run test:full` is `vitest run --mode full`: every test at the sizes of test/support/sizes.ts's full column.
export default defineConfig(({ mode }) => ({
  // Examples import the package by name, as users do: the `source` export condition resolves
  // `faultline/...` to the TypeScript entries through the package's self-reference. Tests run
  // in vite's server (ssr) environment, which takes its conditions from `ssr.resolve`.
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    // Measured on 2 cores: sharing the module graph cuts a light file's CPU by 4x (import dominates);
    // forks and threads cost the same. Vitest's default leaves a core idle (cores - 1 workers).
    pool: 'forks',
    maxWorkers: '100%',
    // eventsource-parser (under the MCP SDK's HTTP client) also exports a `source` condition,
    // pointing at TypeScript that Node cannot load as an external: vite transforms it instead.
    server: {
      deps: { inline: ['eventsource-parser', /@modelcontextprotocol\/sdk\/dist\/esm\/client\/streamableHttp/] },
    },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: mode === 'full' ? { FAULTLINE_FULL: '1' } : {},
    projects: [
      { extends: true, test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: ISOLATED, isolate: false } },
      { extends: true, test: { name: 'isolated', include: ISOLATED, isolate: true } },
    ],
  },
}));
