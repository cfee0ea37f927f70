/**
 * `docs/checks.md`, generated from the env checker's rule table (never typed by hand):
 * `faultline docs --checks docs/checks.md` writes it, and a test fails when it is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { CHECK_RULES } from '../core/check-rules.js';

/** The full text of `docs/checks.md`: an index table, then one section per rule. */
export function checksDoc(): string {
  const rules = Object.values(CHECK_RULES);
  const lines = [
    '# Env checker rules',
    '',
    '<!-- Generated from src/core/check-rules.ts by `faultline docs --checks docs/checks.md`; do not edit by hand. -->',
    '',
    '`faultline check <env id>` (or `checkEnv(factory)` / `checkRegisteredEnv(id)` from code) drives an env',
    'through its public surface with a seeded random policy and reports every broken promise as an',
    'issue named by its rule. Every message gives the actual value, what was expected, a fix and a',
    'reproduction (env id, seed, step), and ends with the rule id and its section below, e.g.',
    '`(rule D1, docs/checks.md#d1)`. Skip a rule with `checkEnv(factory, { skip: ["D8"] })`',
    '(an id skips only that rule: `D1` does not skip `D11`).',
    '',
    '| rule | check |',
    '|---|---|',
    ...rules.map((r) => `| [${r.id}](#${r.id.toLowerCase()}) | ${r.check} |`),
  ];
  for (const r of rules) {
    lines.push(
      '',
      `<a id="${r.id.toLowerCase()}"></a>`,
      '',
      `## ${r.check}`,
      '',
      `**What it checks.** ${r.checks}`,
      '',
      `**Severity.** ${r.severity}`,
      '',
      `**How to fix a failure.** ${r.fix}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Writes {@link checksDoc} to `path`; returns whether the file changed. */
export function writeChecksDoc(path: string): boolean {
  let before: string | null = null;
  try {
    before = readFileSync(path, 'utf8');
  } catch {
    // A missing file is written from scratch.
  }
  const after = checksDoc();
  if (after !== before) writeFileSync(path, after);
  return after !== before;
}
