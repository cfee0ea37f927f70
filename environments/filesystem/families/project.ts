/**
 * The scaffolding every generated project shares: package.json, README, a changelog with a
 * seeded release history, the lint config, and semantic versions.
 */
import type { Rng } from '../../../src/core/rng.js';
import { renderLintConfig, LINT_RULES } from '../linter.js';
import { ORGS, PAST_CHANGES } from '../names.js';

/** A semantic version. */
export interface Version {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/** `v2.4.0`. */
export function versionTag(v: Version): string {
  return `v${v.major}.${v.minor}.${v.patch}`;
}

/** A plausible current version of a project. */
export function randomVersion(rng: Rng): Version {
  return { major: rng.int(1, 6), minor: rng.int(1, 9), patch: rng.int(1, 7) };
}

/** The next patch release: what a teammate who was not told the version would pick. */
export function nextPatch(v: Version): Version {
  return { major: v.major, minor: v.minor, patch: v.patch + 1 };
}

/** The release the user asks for: the next minor (usually) or major version. */
export function requestedRelease(rng: Rng, v: Version): Version {
  return rng.chance(0.75)
    ? { major: v.major, minor: v.minor + 1, patch: 0 }
    : { major: v.major + 1, minor: 0, patch: 0 };
}

/** The header of every changelog, before the first release section. */
const CHANGELOG_INTRO = ['# Changelog', '', 'All notable changes to this project are documented in this file.', ''];

/** A changelog with 2–4 past releases, newest first, ending at `current`. */
export function renderChangelog(rng: Rng, current: Version, noun: string): string {
  const lines = [...CHANGELOG_INTRO];
  let v = current;
  const releases = rng.int(2, 4);
  for (let i = 0; i < releases; i++) {
    lines.push(`## ${versionTag(v)}`, '');
    for (const change of rng.sample(PAST_CHANGES, rng.int(1, 2))) lines.push(`- ${change.replace('{noun}', noun)}`);
    lines.push('');
    v = v.patch > 0 ? { ...v, patch: v.patch - 1 } : { ...v, minor: Math.max(0, v.minor - 1), patch: 3 };
  }
  return lines.join('\n');
}

/** The changelog with a new release section inserted above the newest existing one. */
export function addChangelogSection(changelog: string, heading: string, entries: readonly string[]): string {
  const at = changelog.indexOf('\n## ');
  const section = `## ${heading}\n\n${entries.map((e) => `- ${e}`).join('\n')}\n\n`;
  if (at < 0) return `${changelog.replace(/\n*$/, '\n\n')}${section}`;
  return `${changelog.slice(0, at + 1)}${section}${changelog.slice(at + 1)}`;
}

/** The package name of a generated project (`@acme/billing-kit`). */
export function packageName(rng: Rng, area: string): string {
  return `@${rng.pick(ORGS)}/${area}-${rng.pick(['kit', 'core', 'service', 'tools', 'lib'])}`;
}

/** package.json of a generated project. */
export function renderPackageJson(name: string, version: Version, license: string): string {
  const pkg = {
    name,
    version: `${version.major}.${version.minor}.${version.patch}`,
    type: 'module',
    license,
    scripts: { test: 'vitest run', lint: 'lint .' },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/** README of a generated project. */
export function renderReadme(name: string, areas: readonly string[]): string {
  return [
    `# ${name}`,
    '',
    `Utilities for ${areas.join(', ')}.`,
    '',
    '## Development',
    '',
    '- `npm test` runs the test suite.',
    '- `npm run lint` runs the linter (configured in `.lintrc.json`).',
    '- See `CHANGELOG.md` for release notes.',
    '',
  ].join('\n');
}

/** The lint config of a generated project: every rule on, the given limit and ignores. */
export function renderProjectLintConfig(maxLines: number, ignore: readonly string[]): string {
  return renderLintConfig({ maxLines, rules: [...LINT_RULES], ignore });
}

/** The generous project-wide line limits a lint config may have (also the guess for the user's limit). */
export const LINT_LIMITS: readonly number[] = [200, 250, 300, 400, 500];

/** The release plan: the authoritative source of the next release's version. */
export const RELEASE_PLAN = 'release-plan.json';
/** The release how-to, which also mentions the next version (a secondary source). */
export const RELEASING_DOC = 'docs/RELEASING.md';
/** Reads the next version off the release plan. */
export const RELEASE_PLAN_PATTERN = '"next":\\s*"(v\\d+\\.\\d+\\.\\d+)"';
/** Reads the next version off the release how-to. */
export const RELEASING_DOC_PATTERN = 'next release is (v\\d+\\.\\d+\\.\\d+)';

/** `release-plan.json`: the current and the next release. */
export function renderReleasePlan(rng: Rng, current: Version, next: string): string {
  const plan = {
    current: versionTag(current),
    next,
    freeze: rng.pick(['none', 'docs-only', 'soft']),
    owner: rng.pick(ORGS),
  };
  return `${JSON.stringify(plan, null, 2)}\n`;
}

/** `docs/RELEASING.md`: how releases are cut, naming the next one. */
export function renderReleasingDoc(rng: Rng, next: string): string {
  return [
    '# Releasing',
    '',
    `The next release is ${next}. ${rng.pick(['Cut it from main once CI is green.', 'Tag it on main after the changelog is updated.', 'It ships when the changelog section is complete.'])}`,
    '',
    'Every user-visible change gets a changelog entry under the release it ships in.',
    '',
  ].join('\n');
}
