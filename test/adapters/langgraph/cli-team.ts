/**
 * A module that registers a LangGraph.js team, for `faultline run --import`: the example's swarm
 * on LangChain's fake chat model, each role scripted with its calls of the oracle's clean
 * episode of the same seed (a team that does not adapt to faults), each model wrapped with
 * `episode.model` so its calls are recorded and priced. Every worker thread imports it.
 */
import { runEpisode } from 'faultline';
import { findTeam, oracleTeam, registerTeam } from 'faultline/teams';
import { langGraphTeam } from 'faultline/langgraph';
import { swarmGraph } from '../../../examples/langgraph-team.js';
import { scriptedModels } from './scripted.js';

/** The id the CLI runs it under. */
export const TEAM_ID = 'langgraph-cli';

if (!findTeam(TEAM_ID))
  registerTeam(
    langGraphTeam(
      async (episode) => {
        const clean = await runEpisode({ env: episode.start.envId, team: oracleTeam, seed: episode.start.seed });
        const models = scriptedModels(clean.trajectory);
        return swarmGraph(episode, (role) => {
          const model = models.get(role);
          if (!model) throw new Error(`no script for role ${role}`);
          return episode.model(role, model);
        });
      },
      { id: TEAM_ID, prices: { 'fake-model-builder': { input: 0.4, output: 1.6 } } },
    ),
  );
