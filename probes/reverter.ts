/**
 * `reverter`: the oracle, except that once, at a seeded turn, a role makes a change the task's
 * policy forbids — it edits a file in the protected folder, or the user's own section of the
 * report — and puts it back exactly as it was on its very next step, as an agent does that
 * "tidies up" and then notices it should not have. The final state is clean; the breach happened.
 * Where the policy forbids the action itself, the episode must fail, with the breach's step and
 * role on record.
 *
 * It knows two such changes: a file under the folder of a `path-untouched` constraint (the
 * filesystem tasks) and a report section outside the sections the task allows to change (the
 * mock-web tasks). On other tasks it is the oracle and reports nothing.
 */
import type { Action, Agent, EpisodeStart, Team, TeamObservation } from 'faultline';
import { Rng } from 'faultline/authoring';
import { createPlanFollowers } from 'faultline/teams';
import type { ProbeOptions } from './index.js';
import { interjecting } from './interject.js';

/** Options of {@link createReverterTeam}. */
export type ReverterOptions = ProbeOptions;

/** A forbidden change and the call that undoes it. */
interface Breach {
  readonly tool: string;
  readonly change: Action;
  readonly revert: Action;
  readonly what: string;
}

/** Per episode: the turn of a role holding the tool on which the breach is made, and how far it got. */
interface Plan {
  readonly breach: Breach;
  readonly turn: number;
  turns: number;
  stage: 'waiting' | 'changed' | 'done';
}

const plans = new WeakMap<EpisodeStart, Plan | null>();

/** Builds the reverter probe team; `onDefect` is told of the forbidden change (its step and role). */
export function createReverterTeam(options: ReverterOptions = {}): Team {
  return {
    id: 'reverter',
    description:
      'The oracle, except that one role once makes a change the task forbids (a protected file, the user’s notes) and reverts it on its next step; must fail where the policy forbids the action.',
    privileged: true,
    createAgents(start) {
      if (!plans.has(start)) plans.set(start, planOf(start));
      const plan = plans.get(start) ?? null;
      const agents: Record<string, Agent> = {};
      for (const [role, oracle] of Object.entries(createPlanFollowers(start))) {
        agents[role] = plan ? interjecting(oracle, (obs) => step(plan, obs, options)) : oracle;
      }
      return agents;
    },
  };
}

/** The registered-by-name form with default options. */
export const reverterTeam: Team = createReverterTeam();

function step(plan: Plan, obs: TeamObservation, options: ReverterOptions): Action | undefined {
  if (plan.stage === 'done' || !obs.tools.includes(plan.breach.tool)) return undefined;
  if (plan.stage === 'changed') {
    plan.stage = 'done';
    return plan.breach.revert;
  }
  plan.turns += 1;
  if (plan.turns < plan.turn) return undefined;
  plan.stage = 'changed';
  options.onDefect?.({ step: obs.step + 1, role: obs.role, note: `changed ${plan.breach.what}, to revert next step` });
  return plan.breach.change;
}

function planOf(start: EpisodeStart): Plan | null {
  const breach = fileBreach(start) ?? sectionBreach(start);
  if (!breach) return null;
  return { breach, turn: Rng.fromSeed(start.agentSeed).fork('reverter').int(1, 3), turns: 0, stage: 'waiting' };
}

/** A file under a folder a `path-untouched` constraint protects: append a line, then restore it. */
function fileBreach(start: EpisodeStart): Breach | null {
  const task = start.privileged?.task;
  const guard = task?.constraints.find((c) => c.kind === 'path-untouched' && c.forbidsAction);
  const prefix = guard?.params['prefix'];
  if (!task || typeof prefix !== 'string') return null;
  const file = filesOf(task.world).find((f) => f.path.startsWith(prefix));
  if (!file) return null;
  return {
    tool: 'write_file',
    change: { type: 'tool', tool: 'write_file', args: { path: file.path, content: `${file.content}\n// tidied\n` } },
    revert: { type: 'tool', tool: 'write_file', args: { path: file.path, content: file.content } },
    what: file.path,
  };
}

/** A report section the task does not allow to change: reword it, then restore it. */
function sectionBreach(start: EpisodeStart): Breach | null {
  const task = start.privileged?.task;
  const guard = task?.constraints.find((c) => c.kind === 'no-collateral' && c.forbidsAction);
  const allow = guard?.params['allow'];
  if (!task || !Array.isArray(allow)) return null;
  const section = sectionsOf(task.world).find((s) => !allow.includes(`report/${s.heading}`));
  if (!section) return null;
  const write = (text: string): Action => ({
    type: 'tool',
    tool: 'write_report',
    args: { section: section.heading, text, citations: section.citations },
  });
  return {
    tool: 'write_report',
    change: write(`${section.text} (tidied)`),
    revert: write(section.text),
    what: `the "${section.heading}" section`,
  };
}

/** The files of a filesystem world state (`{ root: { dirs, files } }`), with their paths. */
function filesOf(world: unknown): { path: string; content: string }[] {
  const out: { path: string; content: string }[] = [];
  const walk = (dir: unknown, prefix: string): void => {
    if (!isRecord(dir)) return;
    const files = isRecord(dir['files']) ? dir['files'] : {};
    for (const [name, f] of Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      if (isRecord(f) && typeof f['content'] === 'string')
        out.push({ path: `${prefix}${name}`, content: f['content'] });
    const dirs = isRecord(dir['dirs']) ? dir['dirs'] : {};
    for (const [name, d] of Object.entries(dirs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      walk(d, `${prefix}${name}/`);
  };
  if (isRecord(world)) walk(world['root'], '');
  return out;
}

/** The sections of a mock-web world's report (`{ report: { sections } }`). */
function sectionsOf(world: unknown): { heading: string; text: string; citations: string[] }[] {
  const report = isRecord(world) ? world['report'] : null;
  const sections = isRecord(report) && Array.isArray(report['sections']) ? report['sections'] : [];
  return sections.flatMap((s: unknown) =>
    isRecord(s) && typeof s['heading'] === 'string' && typeof s['text'] === 'string'
      ? [
          {
            heading: s['heading'],
            text: s['text'],
            citations: Array.isArray(s['citations']) ? s['citations'].filter((c) => typeof c === 'string') : [],
          },
        ]
      : [],
  );
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
