/**
 * An observation's `text`: an own, enumerable property (spreading, JSON and Object.keys see it),
 * rendered once when first read, equal to renderObservation of the other fields, and part of a
 * frozen observation no agent can change.
 */
import { beforeAll, expect, it } from 'vitest';
import { loadBuiltins } from '../../src/builtins.js';
import { make } from '../../src/core/registry.js';
import { planActions } from '../../src/team/plan.js';
import { teamStateOf, type TeamEnv } from '../../src/team/team-env.js';
import { observeTeam, renderObservation, type TeamObservation } from '../../src/team/observation.js';

beforeAll(() => loadBuiltins());

function observations(): TeamObservation[] {
  const env: TeamEnv = make('deploy/rollout-v2');
  const out = [env.reset({ seed: 3 }).observation];
  for (const action of planActions(teamStateOf(env)!.task)) {
    const r = env.step(action);
    out.push(r.observation);
    if (r.terminated || r.truncated) break;
  }
  env.close();
  return out;
}

it('is own and enumerable, seen by Object.keys, spreading and JSON, and equal to the rendering', () => {
  const all = observations();
  expect(all.length).toBeGreaterThan(4);
  const env: TeamEnv = make('deploy/rollout-v2');
  env.reset({ seed: 3 });
  const roles = teamStateOf(env)!.task.roles;
  env.close();
  for (const obs of all) {
    expect(Object.keys(obs)).toContain('text');
    // Exactly its fields: nothing hidden that deep equality or a structured clone would tell apart.
    expect(Reflect.ownKeys(obs).sort()).toEqual(Object.keys(obs).sort());
    expect(structuredClone(obs)).toEqual(obs);
    const description = roles.find((r) => r.id === obs.role)?.description ?? '';
    const { text, ...fields } = obs;
    expect(text).toBe(renderObservation(fields, description));
    expect({ ...obs }.text).toBe(text);
    expect((JSON.parse(JSON.stringify(obs)) as { text: string }).text).toBe(text);
    expect(Object.keys(JSON.parse(JSON.stringify(obs)) as object).sort()).toEqual(
      Object.keys(fields).concat('text').sort(),
    );
  }
});

it('is rendered once per observation, and each observation renders its own fields', () => {
  const [first, second] = observations().slice(1, 3) as [TeamObservation, TeamObservation];
  expect(first.text).toBe(first.text);
  expect(first.text).toContain(`step ${first.step}`);
  expect(second.text).toContain(`step ${second.step}`);
  expect(first.text).not.toBe(second.text);
});

it('cannot be replaced, deleted or redefined', () => {
  const obs = observations()[2]!;
  const before = obs.text;
  const o = obs as unknown as Record<string, unknown>;
  expect(Object.isFrozen(obs)).toBe(true);
  expect(() => {
    o['text'] = 'rewritten';
  }).toThrow(TypeError);
  expect(() => delete o['text']).toThrow(TypeError);
  expect(() => Object.defineProperty(obs, 'text', { value: 'x' })).toThrow(TypeError);
  expect(obs.text).toBe(before);
});

it('a state built by hand observes the same way', () => {
  const env: TeamEnv = make('deploy/rollout-v2');
  env.reset({ seed: 4 });
  const state = teamStateOf(env)!;
  const a = observeTeam(state);
  const b = observeTeam(state);
  env.close();
  expect(a).not.toBe(b);
  expect(a.text).toBe(b.text);
  expect(JSON.stringify(a)).toBe(JSON.stringify(b));
});

it('says what is wrong when its getter is read from an object that is not an observation', () => {
  const obs = observations()[1]!;
  const { get } = Object.getOwnPropertyDescriptor(obs, 'text') as { get: (this: object) => string };
  const read = (target: object): string => get.call(target);
  expect(() => read({ ...obs, teammates: [...obs.teammates] })).toThrow(/not an observation/);
  expect(read(obs)).toBe(obs.text);
});
