import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './test/support/sequencer.js';

/**
 * Test files whose registrations would change what other files assert (the registry test expects
 * an exact `listEnvs()`), or that install thread-wide state for the rest of their process (the
 * mixed-team CLI test imports a fixture that replaces the remote protocol clients with in-memory
 * oracles: a later file's real A2A and Agent Protocol agents would never be called). They run in a
 * module graph of their own; every other file shares one module graph per worker, so the package
 * is imported once per worker instead of once per file. Files that register fixture envs or teams
 * may share it: sweeps name the built-in envs, never read the registry. The bench harness test
 * registers the bench's envs under names users could choose (`shelf/…`, the template world,
 * and `bench/…`): the new-world test scaffolds a world named `shelf` and expects the name free.
 */
const ISOLATED = ['test/core/registry.test.ts', 'test/serve/mixed-team-cli.test.ts', 'test/benchmarks/harness.test.ts'];

/**
 * Files that `npm test` leaves to `npm run test:full` (CI runs both): whole runs in child
 * processes and worker threads — kills, resumes, hangs, fresh imports of every subpath — each
 * several seconds of process start-up, and the report opened in Chromium (which `npm test` must
 * not need: it needs only Node). They keep `npm test` within its 2 minutes on 2 cores;
 * `test/support/full-only.ts` names them at the start of every `npm test`.
 */
export const FULL_ONLY = [
  'test/world/world-size-large.test.ts',
  'test/run/worker-flags.test.ts',
  'test/run/blame/blame-cli.test.ts',
  'test/run/limiter-bridge.test.ts',
  'test/run/safe-ids.test.ts',
  'test/queue/job.test.ts',
  'test/public/api-report.test.ts',
  'test/run/ts-loader.test.ts',
  'test/serve/mixed-team-cmd.test.ts',
  'test/serve/openenv/concurrency.test.ts',
  'test/cli/validity.test.ts',
  'test/serve/command-team/cli.test.ts',
  'test/examples/mcp-agent.test.ts',
  'test/serve/mixed-team-protocols.test.ts',
  'test/run/blame/two-mistakes.test.ts',
  'test/run/blame/validity.test.ts',
  'test/llm/e2e/blame-llm.test.ts',
  'test/cli/cli.test.ts',
  'test/cli/demo.test.ts',
  'test/run/concurrency.test.ts',
  'test/cli/interrupt.test.ts',
  'test/cli/hanging-agent.test.ts',
  'test/cli/huge-action.test.ts',
  'test/cli/new-world.test.ts',
  'test/cli/view-cli.test.ts',
  'test/cli/provider-errors.test.ts',
  'test/public/subpaths.test.ts',
  'test/examples/consistency.test.ts',
  'test/run/imports.test.ts',
  'test/run/warm-workers.test.ts',
  'test/run/scale.test.ts',
  'test/run/incremental-summary.test.ts',
  'test/llm/e2e/limiter.test.ts',
  'test/serve/mcp/stdio.test.ts',
  'test/serve/mcp/http-cli.test.ts',
  'test/serve/openenv/cli.test.ts',
  'test/adapters/agents-sdk/cli.test.ts',
  'test/adapters/ai-sdk/cli.test.ts',
  'test/adapters/langgraph/cli.test.ts',
  'test/adapters/otel/cli.test.ts',
  'test/report/browser.test.ts',
  'test/vector/async.test.ts',
  'test/llm/e2e/record-replay.test.ts',
  'test/cli/replay-integrity.test.ts',
  'test/cli/mock-model.test.ts',
  'test/package/package.test.ts',
  'test/cli/junit-schema.test.ts',
  'test/queue/queue-run.test.ts',
  'test/queue/queue-llm.test.ts',
  'test/queue/queue-cassette.test.ts',
  'test/queue/queue-commands.test.ts',
  'test/queue/readme-queue.test.ts',
  'test/queue/cancel.test.ts',
  'test/queue/library.test.ts',
  'test/queue/status.test.ts',
  'test/queue/redis-limiter.test.ts',
  'test/serve/mixed-team-cli.test.ts',
  'test/cli/start-up-imports.test.ts',
  'test/serve/command-team/play.test.ts',
  'test/serve/command-team/roles.test.ts',
  'test/adapters/otel/run-hook.test.ts',
  'test/benchmarks/instructions-child.test.ts',
];

// `npm run test:full` is `vitest run --mode full`: every test at the sizes of test/support/sizes.ts's full column.
export default defineConfig(({ mode }) => ({
  // Examples import the package by name, as users do: the `source` export condition resolves
  // `faultline/...` to the TypeScript entries through the package's self-reference. Tests run
  // in vite's server (ssr) environment, which takes its conditions from `ssr.resolve`.
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    // Measured on 2 cores: sharing the module graph cuts a light file's CPU by 4x (import dominates);
    // forks and threads cost the same. Vitest's default leaves a core idle (cores - 1 workers); one
    // worker per core plus one keeps both busy while a file waits on child processes, sockets and
    // timers (145 s → 126 s for npm test on 2 cores; 4 workers were no faster).
    pool: 'forks',
    maxWorkers: '150%',
    // eventsource-parser (under the MCP SDK's HTTP client) also exports a `source` condition,
    // pointing at TypeScript that Node cannot load as an external: vite transforms it instead,
    // and the packages that import it (the MCP SDK's HTTP client, the AI SDK's provider utils).
    server: {
      deps: {
        inline: [
          'eventsource-parser',
          /@modelcontextprotocol\/sdk\/dist\/esm\/client\/streamableHttp/,
          /@ai-sdk\//,
          /node_modules\/ai\//,
        ],
      },
    },
    // The long sweeps start first even in a fresh clone, which has no timings to order by.
    sequence: { sequencer: LongestFirstSequencer },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: mode === 'full' ? { FAULTLINE_FULL: '1' } : {},
    globalSetup: mode === 'full' ? [] : ['test/support/full-only.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['test/**/*.test.ts'],
          exclude: mode === 'full' ? ISOLATED : [...ISOLATED, ...FULL_ONLY],
          isolate: false,
        },
      },
      {
        extends: true,
        test: { name: 'isolated', include: ISOLATED, exclude: mode === 'full' ? [] : FULL_ONLY, isolate: true },
      },
    ],
  },
}));
