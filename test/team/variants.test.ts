/**
 * Task variants: the generic engine (whole-token renames across a task, the request paraphrase,
 * the soundness check) and, on every registered env, that variant 0 is the task itself, that a
 * variant is a pure function of (seed, variant), that variants visibly differ from each other,
 * and that a world's renames reach every mention of a name.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { make } from '../../src/core/registry.js';
import { Rng } from '../../src/core/rng.js';
import { canonicalJson } from '../../src/core/canonical.js';
import { factsInText } from '../../src/team/handoff-audit.js';
import { teamModelOf, teamStateOf } from '../../src/team/team-env.js';
import { RenameCollisionError, renameTask, tokenRenamer } from '../../src/team/rename-task.js';
import { paraphraseRequest, splitSentences } from '../../src/team/paraphrase-request.js';
import { isSoundVariant, varyTask } from '../../src/team/variants.js';
import { occursIn, renameWithin, taskText } from '../../src/world/variation.js';
import type { Task } from '../../src/team/world.js';
import { builtinEnvIds } from '../support/envs.js';

const envIds = builtinEnvIds();
const SEEDS = [0, 1, 2, 3, 4, 5];

function taskAt(envId: string, seed: number, variant?: number): Task<unknown> {
  const env = make(envId);
  env.reset({ seed, options: variant === undefined ? {} : { variant } });
  return teamStateOf(env)?.task as Task<unknown>;
}

describe('whole-token renames', () => {
  it('replace whole tokens only, all at once (a swap works), never inside fact placeholders', () => {
    const rename = tokenRenamer({ parcel: 'crate', crate: 'parcel', oldName: 'x' });
    expect(rename("import { a } from './parcel.js'; // parcelTotal crate")).toBe(
      "import { a } from './crate.js'; // parcelTotal parcel",
    );
    expect(rename('{{fact:oldName}} and oldName')).toBe('{{fact:oldName}} and x');
  });

  it('rename the escaped form of a name inside learn patterns', () => {
    expect(tokenRenamer({ 'corvid.example': 'halden.example' })('corvid\\.example/pricing: (\\d+)')).toBe(
      'halden\\.example/pricing: (\\d+)',
    );
  });

  it('rename object keys and keep the identity of untouched subtrees; structural fields stay', () => {
    const untouched = { files: { 'a.ts': { content: 'keep' } } };
    const task = {
      id: 'f@1',
      family: 'f',
      seed: 1,
      request: 'Fix parcel.ts.',
      roles: [{ id: 'parcel', description: '', tools: ['parcel'], canFinish: true, needs: [] }],
      entryRole: 'parcel',
      facts: [{ id: 'parcel', description: 'the parcel', value: 'parcel.ts', guess: '' }],
      constraints: [
        {
          id: 'parcel',
          text: 'parcel.ts fixed',
          kind: 'parcel',
          params: { file: 'parcel.ts' },
          facts: ['parcel'],
          scope: 'goal' as const,
          late: false,
        },
      ],
      world: { dirs: { src: { files: { 'parcel.ts': { content: 'x' } } }, other: untouched } },
      plan: [
        {
          role: 'parcel',
          action: { type: 'tool' as const, tool: 'parcel', args: { path: 'parcel.ts', note: '{{fact:parcel}}' } },
        },
      ],
      clarifications: [],
    };
    const out = renameTask(task, { parcel: 'crate' });
    expect(out.request).toBe('Fix crate.ts.');
    expect(out.world.dirs.src.files).toEqual({ 'crate.ts': { content: 'x' } });
    expect(out.world.dirs.other).toBe(untouched);
    expect(out.roles).toBe(task.roles);
    expect(out.entryRole).toBe('parcel');
    expect(out.facts[0]).toMatchObject({ id: 'parcel', value: 'crate.ts', description: 'the crate' });
    expect(out.constraints[0]).toMatchObject({
      id: 'parcel',
      kind: 'parcel',
      params: { file: 'crate.ts' },
      facts: ['parcel'],
    });
    expect(out.plan[0]?.action).toEqual({
      type: 'tool',
      tool: 'parcel',
      args: { path: 'crate.ts', note: '{{fact:parcel}}' },
    });
    expect(() => renameTask(task, { parcel: 'a', other: 'a' })).toThrow(RenameCollisionError);
  });

  test.prop([fc.uniqueArray(fc.stringMatching(/^[a-z]{3,8}$/), { minLength: 2, maxLength: 8 }), fc.nat()])(
    'renameWithin is a bijection into free names and the task',
    (names, seed) => {
      const pool = ['alpha', 'bravo', 'charlie', ...names];
      const map = renameWithin(Rng.fromSeed(seed), names, pool, (n) => !names.includes(n));
      const targets = Object.values(map);
      expect(new Set(targets).size).toBe(targets.length);
      for (const [from, to] of Object.entries(map)) expect(to).not.toBe(from);
      // A target that is one of the names must itself be renamed, or two things would share it.
      for (const t of targets) if (names.includes(t)) expect(map[t]).toBeDefined();
    },
  );
});

describe('the request paraphrase', () => {
  const request =
    'Please rename `a` to `b` throughout the project. It is defined in src/a.ts. Do not modify anything under `vendor/`: it is vendored. Every file under src/ stays at 40 lines or fewer. Add a changelog entry (e.g. under v2.1.0). The tests must pass. Touch nothing else. When you are done, tell me how many files you changed.';

  it('keeps the opening and the closing sentence in place and every protected value verbatim', () => {
    const out = paraphraseRequest(request, ['v2.1.0', '40'], Rng.fromSeed(3));
    const sentences = splitSentences(out);
    expect(sentences[0]).toMatch(/rename `a` to `b`/);
    expect(sentences[1]).toBe('It is defined in src/a.ts.');
    expect(sentences.at(-1)).toMatch(/how many files you changed\.$/);
    for (const kept of ['`a`', '`b`', '`vendor/`', 'v2.1.0', '40 lines', 'src/a.ts']) expect(out).toContain(kept);
    expect(sentences).toHaveLength(splitSentences(request).length);
    expect(out).not.toBe(request);
  });

  it('splits sentences only outside parentheses and after real full stops', () => {
    expect(splitSentences('Do it (see a. b). Then e.g. this. Done!')).toEqual([
      'Do it (see a. b).',
      'Then e.g. this.',
      'Done!',
    ]);
  });

  it('never turns a pronoun "each" into "every"', () => {
    for (let seed = 0; seed < 20; seed++)
      expect(
        paraphraseRequest('Start here. Keep both to 30 words each. Cite each source. Stop.', [], Rng.fromSeed(seed)),
      ).toContain('words each.');
  });

  test.prop([
    fc.array(fc.stringMatching(/^[A-Z][a-z]{2,8}( [a-z]{2,8}){1,6}$/), { minLength: 2, maxLength: 9 }),
    fc.array(fc.stringMatching(/^[A-Za-z0-9-]{3,10}$/), { minLength: 1, maxLength: 4 }),
    fc.nat(),
  ])('states every fact value it was given, whatever the wording', (sentences, values, seed) => {
    const text = sentences.map((s, i) => `${s} ${values[i % values.length]}.`).join(' ');
    const facts = values.map((v, i) => ({ id: `f${i}`, description: '', value: v, guess: '' }));
    const out = paraphraseRequest(text, values, Rng.fromSeed(seed));
    expect(factsInText(facts, out)).toEqual(factsInText(facts, text));
    expect(paraphraseRequest(text, values, Rng.fromSeed(seed))).toBe(out);
  });
});

describe.each(envIds)('%s variants', (envId) => {
  const family = teamModelOf(make(envId)).family;

  it('variant 0 is the task as generated, byte for byte', () => {
    for (const seed of SEEDS) {
      const generated = canonicalJson(family.generate(Rng.fromSeed(seed).fork('task'), seed));
      expect(canonicalJson(taskAt(envId, seed))).toBe(generated);
      expect(canonicalJson(taskAt(envId, seed, 0))).toBe(generated);
    }
  });

  it('a variant depends only on (seed, variant): the same bytes in a fresh env and drawn afresh', () => {
    for (const seed of SEEDS.slice(0, 3)) {
      for (const variant of [1, 2, 777]) {
        const a = canonicalJson(taskAt(envId, seed, variant));
        expect(canonicalJson(taskAt(envId, seed, variant))).toBe(a);
        const fresh = varyTask(
          family.generate(Rng.fromSeed(seed).fork('task'), seed),
          family.world,
          Rng.fromSeed(seed).fork(`variant-${variant}`),
        );
        expect(canonicalJson(fresh)).toBe(a);
      }
    }
  });

  it('variants differ from each other in the request and, where the world varies, in names or orders', () => {
    for (const seed of SEEDS) {
      const tasks = [0, 1, 2, 3].map((v) => taskAt(envId, seed, v));
      expect(new Set(tasks.map((t) => t.request)).size, `seed ${seed}`).toBe(4);
      if (family.world.variants)
        expect(new Set(tasks.map((t) => JSON.stringify(t.world))).size, `seed ${seed}`).toBe(4);
    }
  });

  it('keeps the meaning: the same constraints, roles, plan length and stated facts', () => {
    for (const seed of SEEDS) {
      const base = taskAt(envId, seed);
      for (const variant of [1, 2, 3]) {
        const v = taskAt(envId, seed, variant);
        expect(v.constraints.map((c) => [c.id, c.kind, c.scope, c.late, c.facts])).toEqual(
          base.constraints.map((c) => [c.id, c.kind, c.scope, c.late, c.facts]),
        );
        expect(v.roles).toEqual(base.roles);
        expect(
          v.plan.map((s) => [
            s.role,
            s.action.type,
            s.action.type === 'tool' ? s.action.tool : '',
            s.when?.op,
            s.learn?.map((l) => l.fact),
          ]),
        ).toEqual(
          base.plan.map((s) => [
            s.role,
            s.action.type,
            s.action.type === 'tool' ? s.action.tool : '',
            s.when?.op,
            s.learn?.map((l) => l.fact),
          ]),
        );
        expect(v.facts.map((f) => f.id)).toEqual(base.facts.map((f) => f.id));
        expect(factsInText(v.facts, v.request)).toEqual(factsInText(base.facts, base.request));
        expect(isSoundVariant(base, v)).toBe(true);
      }
    }
  });

  it('a rename reaches every mention: no old name is left anywhere in the task', (ctx) => {
    ctx.skip(family.world.variants?.renames === undefined, `${envId}: its world renames nothing`);
    for (const seed of SEEDS) {
      const task = family.generate(Rng.fromSeed(seed).fork('task'), seed);
      const renames = family.world.variants?.renames?.(task, Rng.fromSeed(seed).fork('test')) ?? {};
      expect(Object.keys(renames).length, `seed ${seed}`).toBeGreaterThan(0);
      const text = taskText(renameTask(task, renames));
      const targets = new Set(Object.values(renames));
      for (const [from, to] of Object.entries(renames)) {
        if (!targets.has(from)) expect(occursIn(text, from), `seed ${seed}: ${from} → ${to}`).toBe(false);
        expect(occursIn(text, to), `seed ${seed}: ${from} → ${to}`).toBe(true);
      }
    }
  });
});
