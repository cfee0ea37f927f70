// The README's library example: a Gymnasium-style loop, then a team episode under faults.
import { runEpisode, type Agent, type Team } from 'faultline';
import { makeTeamEnv } from 'faultline/env';
import { oracleTeam } from 'faultline/teams';

// 1. One env, your own loop. The single-agent view gives one role every tool.
const env = makeTeamEnv('filesystem/rename-symbol-v1');
const { observation } = env.reset({ seed: 7, options: { view: 'single' } });
console.log(observation.text.split('\n').slice(0, 4).join('\n')); // what an LLM would read
const step = env.step({ type: 'tool', tool: 'list_dir', args: { path: 'src' } });
console.log(step.observation.last?.ok, step.info['event']);

// 2. A team: one agent per role; the env routes handoffs and decides who sees what.
const quitter: Agent = {
  act: async (obs) =>
    obs.canFinish ? { type: 'finish', status: 'gave_up' } : { type: 'handoff', to: 'planner', message: 'stuck' },
};
const myTeam: Team = {
  id: 'mine',
  description: 'gives up',
  createAgents: (start) => Object.fromEntries(start.roles.map((r) => [r.id, quitter])),
};

for (const team of [oracleTeam, myTeam]) {
  const r = await runEpisode({ env: 'filesystem/rename-symbol-v1', team, seed: 7, perturb: 'production' });
  console.log(team.id, r.outcome, `${r.steps} steps, ${r.handoffs} handoffs`, 'violated:', r.grade.violated);
}
