/**
 * `faultline/teams`: the reference teams (the oracle, baselines and the flawed teams that each
 * show one failure mode), the team registry, and the plan helpers scripted teams are built from.
 *
 * Importing this entry registers the built-in envs (each with the built-in perturbation engine) and the reference
 * teams (idempotent), so `findTeam('oracle')` works straight away.
 */
import { loadBuiltins } from '../builtins.js';

export { registerReferenceTeams } from '../builtins.js';

export * from '../../agents/index.js';
export {
  registerTeam,
  findTeam,
  listTeams,
  type Agent,
  type AgentContext,
  type Team,
  type EpisodeStart,
  type PrivilegedBriefing,
  type PrivilegedStep,
  type RoleBriefing,
} from '../team/agent.js';
export { planActions, resolvePlanStep, fullKnowledge, partialKnowledge, type FactLookup } from '../team/plan.js';

loadBuiltins();
