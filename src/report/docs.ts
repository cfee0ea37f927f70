/**
 * The README's reference tables, generated from the registries (never typed by hand):
 * the envs with their tools, constraints, perturbation sites and measured horizon; the
 * perturbation catalog; the profiles. `faultline docs --write README.md` refreshes them, and
 * `faultline docs --checks docs/checks.md` writes the checker's rule reference.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { packageFile } from '../core/package-file.js';
import { spec as envSpec } from '../core/registry.js';
import { findTeam } from '../team/agent.js';
import { runEpisode } from '../team/episode.js';
import { makeTeamEnv, teamModelOf, teamStateOf } from '../team/team-env.js';
import { perturbationEngine } from '../perturb/engine.js';
import { CATALOG } from '../perturb/catalog/index.js';
import { choiceRng } from '../perturb/choice-rng.js';

export { checksDoc, writeChecksDoc } from './checks-doc.js';

const HORIZON_SEEDS = 10;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * One row per env: what it simulates, its tools, its constraints, which perturbations have sites
 * there, and the oracle's horizon. The rows are the given env ids (the built-ins, for the README),
 * never whatever else the process happens to have registered.
 */
export async function envTable(envIds: readonly string[]): Promise<string> {
  const rows = [
    '| env | what it simulates | tools | constraints (late ones in *italics*) | perturbations with sites | oracle horizon (median steps / handoffs) |',
    '|---|---|---|---|---|---|',
  ];
  for (const id of [...envIds].sort()) {
    const spec = envSpec(id);
    const env = makeTeamEnv(id);
    env.reset({ seed: 0 });
    const task = teamStateOf(env)!.task;
    const world = teamModelOf(env).family.world;
    const tools = Object.keys(world.tools)
      .map((t) => `\`${t}\``)
      .join(', ');
    const constraints = task.constraints.map((c) => (c.late ? `*${c.id}*` : c.id)).join(', ');
    const sited = new Set<string>();
    for (let seed = 0; seed < HORIZON_SEEDS; seed++) {
      env.reset({ seed });
      const t = teamStateOf(env)!.task;
      for (const type of CATALOG) if (type.plan({ task: t, world: world }, choiceRng(seed, seed))) sited.add(type.id);
    }
    const steps: number[] = [];
    const handoffs: number[] = [];
    for (let seed = 0; seed < HORIZON_SEEDS; seed++) {
      const r = await runEpisode({ env: spec.id, team: findTeam('oracle')!, seed });
      steps.push(r.steps);
      handoffs.push(r.handoffs);
    }
    env.close();
    rows.push(
      `| \`${spec.id}\` | ${escape(spec.description)} | ${tools} | ${constraints} | ${CATALOG.filter((t) => sited.has(t.id)).length}/${CATALOG.length}${
        CATALOG.some((t) => !sited.has(t.id))
          ? ` (not: ${CATALOG.filter((t) => !sited.has(t.id))
              .map((t) => t.id)
              .join(', ')})`
          : ''
      } | ${median(steps)} / ${median(handoffs)} |`,
    );
  }
  return rows.join('\n');
}

/** One row per perturbation type. */
export function catalogTable(): string {
  const rows = [
    '| perturbation | kind | site | recovery label (what a correct team does) | what happens |',
    '|---|---|---|---|---|',
  ];
  for (const t of CATALOG)
    rows.push(`| \`${t.id}\` | ${t.kind} | ${t.site} | ${t.recovery} | ${escape(t.description)} |`);
  return rows.join('\n');
}

/** One row per profile that mixes types (the one-type profiles are listed by the catalog). */
export function profileTable(): string {
  const types = new Set(CATALOG.map((t) => t.id));
  const rows = ['| profile | what it injects |', '|---|---|'];
  for (const p of perturbationEngine.profiles())
    if (!types.has(p.id)) rows.push(`| \`${p.id}\` | ${escape(p.description)} |`);
  rows.push(`| \`<perturbation>\` | exactly that one perturbation (every id of the catalog is also a profile) |`);
  return rows.join('\n');
}

/** The library example, from the file the test suite runs; null where it is not (an installed package). */
export function exampleBlock(): string | null {
  // At the package root; an installed package ships no examples/.
  const file = packageFile(import.meta.url, 'examples/quickstart.ts');
  if (file === null) return null;
  return ['```ts', readFileSync(file, 'utf8').trimEnd(), '```'].join('\n');
}

/**
 * The generated sections, keyed by their marker name in the README; `example` only where the
 * example file is (a README's block is then left as it is).
 */
export async function generatedSections(envIds: readonly string[]): Promise<Record<string, string>> {
  const example = exampleBlock();
  return {
    ...(example === null ? {} : { example }),
    envs: await envTable(envIds),
    catalog: catalogTable(),
    profiles: profileTable(),
  };
}

/** Replaces each `<!-- name:start -->…<!-- name:end -->` block of a document with its section. */
export function fillSections(document: string, sections: Readonly<Record<string, string>>): string {
  let out = document;
  for (const [name, body] of Object.entries(sections)) {
    const re = new RegExp(`(<!-- ${name}:start -->)[\\s\\S]*?(<!-- ${name}:end -->)`);
    if (!re.test(out)) throw new Error(`the document has no <!-- ${name}:start --> … <!-- ${name}:end --> block`);
    out = out.replace(re, (_m, a: string, b: string) => `${a}\n${body}\n${b}`);
  }
  return out;
}

/** Rewrites the generated sections of a file in place; returns whether it changed. */
export async function writeSections(
  path: string,
  envIds: readonly string[],
  extra: Readonly<Record<string, string>> = {},
): Promise<boolean> {
  return fillSectionsInFile(path, { ...(await generatedSections(envIds)), ...extra });
}

/** {@link fillSections} of a file, in place (written only when it changes); returns whether it changed. */
export function fillSectionsInFile(path: string, sections: Readonly<Record<string, string>>): boolean {
  const before = readFileSync(path, 'utf8');
  const after = fillSections(before, sections);
  if (after !== before) writeFileSync(path, after);
  return after !== before;
}
