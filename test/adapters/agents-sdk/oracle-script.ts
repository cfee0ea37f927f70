/**
 * The example's Agents SDK team on scripts taken from the oracle's episode (`oraclePlan` and
 * `planScripts` are the example's own, which its offline run uses too).
 */
import { ScriptedAgentModel, type ScriptedTurn } from '../../../src/adapters/agents-sdk/index.js';
import {
  oraclePlan,
  planScripts,
  triageTeam,
  type OraclePlan,
  type TriageOptions,
} from '../../../examples/agents-sdk-team.js';
import '../../../src/public/index.js';

export { oraclePlan, planScripts, type OraclePlan };

/** The world the tests play. */
export const ENV = 'filesystem/rename-symbol-v1';

/** The example's team on scripted models. */
export function scriptedTeam(triage: ScriptedTurn[], specialist: ScriptedTurn[], options: TriageOptions = {}) {
  return triageTeam(
    { triage: new ScriptedAgentModel(triage, 'triage'), specialist: new ScriptedAgentModel(specialist, 'specialist') },
    options,
  );
}

/** The full team scripts of a plan: triage briefs with `brief` (default: the oracle's text and facts). */
export function planTeam(plan: OraclePlan, { brief, ...options }: { brief?: string } & TriageOptions = {}) {
  const scripts = planScripts(plan, brief);
  return scriptedTeam(scripts.triage, scripts.specialist, options);
}
