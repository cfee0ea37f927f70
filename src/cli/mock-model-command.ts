/**
 * `faultline mock-model`: serves the scripted OpenAI-compatible model of `faultline/testing` on
 * 127.0.0.1, answering every episode with the oracle's actions (or another reference team's) as
 * tool calls, optionally with
 * deterministic provider faults (429, 5xx, dropped connections, malformed arguments, text-only
 * replies, parallel calls) and a fixed delay. With it the whole LLM path — prompts, tool calls,
 * retries, cassettes, concurrency, usage — runs offline, with no key and no model:
 *
 *     faultline mock-model --port 8787 --perturb production --faults mixed &
 *     OPENAI_BASE_URL=http://127.0.0.1:8787/v1 faultline run --team llm --model mock …
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from '../core/errors.js';
import { importUrls, resolveProfile } from '../run/runner.js';
import { importModule } from '../run/setup.js';
import { wholeNumber } from './llm-options.js';
import { findTeam, listTeams } from '../team/agent.js';
import type { FaultPlan } from '../testing/model-server/faults.js';

/** The named fault mixes of `--faults`. */
export const MOCK_FAULT_PRESETS: Readonly<Record<string, FaultPlan>> = {
  none: {},
  mixed: {
    rateLimit: { rate: 0.05, retryAfterSeconds: 1 },
    serverError: { rate: 0.05 },
    drop: { rate: 0.02 },
    malformedArguments: 0.05,
    textOnly: 0.05,
    parallel: 0.2,
  },
};

interface MockModelOptions {
  port: string;
  perturb: string;
  maxSteps?: string;
  faults: string;
  delay?: string;
  parallel?: boolean;
  replay: string;
  import: string[];
}

/** Adds `faultline mock-model` to the program. */
export function registerMockModelCommand(program: Command): void {
  program
    .command('mock-model')
    .description(
      "Serve a scripted OpenAI-compatible model on 127.0.0.1 that answers every episode with the oracle's actions as tool calls (no key, no model): try the llm team, its cassettes and the provider-fault handling offline.",
    )
    .option('--port <n>', 'port to listen on (0: a free one, printed)', '8787')
    .option('--perturb <profile>', 'the profile of the runs it will serve (the oracle replays that episode)', 'clean')
    .option('--max-steps <n>', 'the step limit of the runs it will serve, if they override it')
    .option('--faults <preset>', `provider faults to inject (${Object.keys(MOCK_FAULT_PRESETS).join(', ')})`, 'none')
    .option('--delay <ms>', 'answer every request after this many milliseconds')
    .option('--parallel', "answer with the role's next consecutive actions as parallel tool calls")
    .option(
      '--replay <team>',
      'whose actions to answer with: the oracle, or a flawed reference team (e.g. lossy-handoff) to see its failure modes measured on the LLM path',
      'oracle',
    )
    .option('--import <module...>', 'modules that register custom envs', [])
    .action(async (opts: MockModelOptions) => {
      const port = wholeNumber('--port', 0, 65535, 8787)(opts.port);
      for (const url of importUrls(opts.import)) await importModule(url);
      const perturb = resolveProfile(opts.perturb);
      const preset = MOCK_FAULT_PRESETS[opts.faults];
      if (!preset)
        throw new InvalidArgumentError(
          '--faults',
          opts.faults,
          `one of ${Object.keys(MOCK_FAULT_PRESETS).join(', ')}`,
          'pass --faults mixed',
        );
      const delayMs = opts.delay === undefined ? 0 : wholeNumber('--delay', 1, 600_000, 200)(opts.delay);
      const plan: FaultPlan = {
        ...preset,
        ...(delayMs > 0 ? { slow: { rate: 1, delayMs, attempts: Number.MAX_SAFE_INTEGER } } : {}),
      };
      const team = findTeam(opts.replay);
      if (!team)
        throw new InvalidArgumentError(
          '--replay',
          opts.replay,
          `a registered team (${listTeams()
            .map((t) => t.id)
            .join(', ')})`,
          'pass e.g. --replay lossy-handoff',
        );
      // The server is imported here, not at start-up: every other command would load it for nothing.
      const [{ startScriptedModelServer }, { withFaults }, { oracleReplayResponder }] = await Promise.all([
        import('../testing/model-server/server.js'),
        import('../testing/model-server/faults.js'),
        import('../testing/model-server/oracle-replay.js'),
      ]);
      const respond = oracleReplayResponder({
        team,
        perturb,
        ...(opts.maxSteps !== undefined
          ? { maxSteps: wholeNumber('--max-steps', 1, 1_000_000, 100)(opts.maxSteps) }
          : {}),
        ...(opts.parallel ? { parallel: true } : {}),
      });
      const server = await startScriptedModelServer({
        respond: Object.keys(plan).length > 0 ? withFaults(respond, plan) : respond,
        port,
        recordRequests: false,
      });
      process.stdout.write(
        `Mock model: ${server.url} (replays the ${team.id}'s actions; profile ${perturb}; faults ${opts.faults}${delayMs ? `; ${delayMs} ms per answer` : ''}). Ctrl-C stops it.\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => {
          void server.close().then(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
