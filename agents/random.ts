/**
 * The random team: every role picks valid-looking actions from its tool schemas, with string
 * arguments drawn from words it has seen. The floor: it should score ~0%.
 */
import { Rng, sampleJsonSchema } from '../src/public/authoring.js';
import type { Agent, Team } from '../src/public/index.js';

const WORD = /[A-Za-z_][\w./-]{1,60}/g;
const MAX_VOCABULARY = 300;

/** The random reference team. */
export const randomTeam: Team = {
  id: 'random',
  description: 'Picks random valid-looking actions from the tool schemas (the floor; ~0%).',
  createAgents(start) {
    const agents: Record<string, Agent> = {};
    for (const role of start.roles) {
      const rng = Rng.fromSeed(start.agentSeed).fork(role.id);
      const vocabulary: string[] = [];
      const seen = new Set<string>();
      agents[role.id] = {
        act(obs) {
          for (const w of obs.text.match(WORD) ?? []) {
            if (vocabulary.length >= MAX_VOCABULARY) break;
            if (!seen.has(w)) {
              seen.add(w);
              vocabulary.push(w);
            }
          }
          const kind = rng.weighted({
            tool: 80,
            handoff: obs.teammates.length ? 12 : 0,
            ask: 2,
            finish: obs.canFinish ? 4 : 0,
            wait: 2,
          });
          if (kind === 'tool' && role.tools.length > 0) {
            const tool = rng.pick(role.tools);
            return { type: 'tool', tool: tool.name, args: sampleJsonSchema(tool.parameters, rng, vocabulary) };
          }
          if (kind === 'handoff')
            return {
              type: 'handoff',
              to: rng.pick(obs.teammates),
              message: { text: rng.sample(vocabulary, 4).join(' ') },
            };
          if (kind === 'ask')
            return {
              type: 'ask',
              question: `Should I change ${vocabulary.length ? rng.pick(vocabulary) : 'anything'}?`,
            };
          if (kind === 'finish') return { type: 'finish', status: 'done', answer: 'Done.' };
          return { type: 'wait', ticks: 1 };
        },
      };
    }
    return agents;
  },
};
