/**
 * The setup module of blame's episode threads: it registers one team per intervention, under a
 * short id, so a thread runs an intervened episode like any planned episode (`executeEpisode`
 * by team id). The teams look their base and reference teams up when an episode starts, after
 * every other setup module of the thread has registered them.
 */
import { FaultlineError } from '../../core/errors.js';
import { findTeam, registerTeam, type Team } from '../../team/agent.js';
import { intervenedTeam, type Intervention } from './intervention.js';

/** One intervened team: its id, the team it changes, the reference team and the intervention. */
export interface InterventionSpec {
  readonly id: string;
  readonly base: string;
  readonly reference: string;
  readonly intervention: Intervention;
}

/** The options of this setup module. */
export interface BlameSetupOptions {
  readonly specs: readonly InterventionSpec[];
}

/** The URL of this module, for a thread's setup list. */
export const BLAME_SETUP: string = import.meta.url;

/** Registers every intervened team of `options.specs`. */
export function setup(options: BlameSetupOptions): void {
  for (const spec of options.specs) registerTeam(lazyIntervenedTeam(spec));
}

/** The intervened team of a spec, resolving its base and reference teams when first used. */
export function lazyIntervenedTeam(spec: InterventionSpec): Team {
  let team: Team | null = null;
  const resolve = (): Team => {
    team ??= intervenedTeam(spec.id, registered(spec.base), registered(spec.reference), spec.intervention);
    return team;
  };
  return {
    id: spec.id,
    description: `an intervention on ${spec.base}`,
    // The episode loop reads `privileged` before it creates agents: resolve both teams now if they are there.
    get privileged() {
      return resolve().privileged === true;
    },
    get view() {
      return resolve().view;
    },
    createAgents: (start) => resolve().createAgents(start),
  };
}

function registered(id: string): Team {
  const team = findTeam(id);
  if (!team)
    throw new FaultlineError(
      `blame: no team "${id}" is registered in this thread. Pass the run's --import modules (and team flags) to faultline blame.`,
    );
  if (team.play)
    throw new FaultlineError(
      `blame: team "${id}" plays its episodes itself (its agents run outside faultline), so its actions cannot be replaced one by one; blame needs a team whose agents faultline creates.`,
    );
  return team;
}
