/**
 * The project half of a pipeline task: a shop's product catalog kept as code, one config module
 * per product (`src/catalog/<slug>.ts`) registered in an index, with a conventions document, a
 * test, the linter's config and a changelog. The scaffolding (package.json, README, changelog,
 * lint config, versions) is the filesystem world's own.
 */
import type { Rng } from '../../../src/core/rng.js';
import { LICENSES } from '../../filesystem/names.js';
import {
  packageName,
  randomVersion,
  renderChangelog,
  renderPackageJson,
  renderProjectLintConfig,
  renderReadme,
  LINT_LIMITS,
  type Version,
} from '../../filesystem/families/project.js';
import { BRANDS, LINES, REVIEW_SITES, groupThousands, slug } from '../../mock-web/families/names.js';

/** Where the catalog modules live. */
export const CATALOG_DIR = 'src/catalog';
/** The index that registers every entry. */
export const CATALOG_INDEX = `${CATALOG_DIR}/index.ts`;
/** The document that states the catalog's conventions. */
export const CONVENTIONS_DOC = 'docs/CATALOG.md';
/** The changelog. */
export const CHANGELOG = 'CHANGELOG.md';

/** One catalog entry's fields, in the order the conventions give them. */
export interface Entry {
  /** The exported const (`nimbus4`). */
  readonly constName: string;
  readonly slug: string;
  readonly name: string;
  readonly price: string;
  /** Spec fields (`batteryLife`) and values (`12 days`). */
  readonly specs: readonly (readonly [string, string])[];
  /** The official pricing page. */
  readonly source: string;
  readonly reviews: readonly string[];
}

/** The generated project and what the plan needs to know about it. */
export interface CatalogRepo {
  readonly files: Readonly<Record<string, string>>;
  readonly license: string;
  readonly current: Version;
  /** The entries already in the catalog, sorted by const name. */
  readonly existing: readonly Entry[];
}

/** `battery life` → `batteryLife`; `warm-up time` → `warmUpTime`. */
export function fieldName(label: string): string {
  const words = label.toLowerCase().match(/[a-z0-9]+/g) ?? ['value'];
  return words.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join('');
}

/** `nimbus-4` → `nimbus4`: the const a module exports, by convention. */
export function constNameOf(entrySlug: string): string {
  return fieldName(entrySlug.replace(/-/g, ' '));
}

/** The path of an entry's module. */
export function entryPath(entrySlug: string): string {
  return `${CATALOG_DIR}/${entrySlug}.ts`;
}

/** A catalog module, as the conventions document describes it. */
export function renderEntry(license: string, e: Entry): string {
  return [
    `// SPDX-License-Identifier: ${license}`,
    `/** Catalog entry: ${e.name}. Conventions: ${CONVENTIONS_DOC}. */`,
    `export const ${e.constName} = {`,
    `  name: '${e.name}',`,
    `  price: '${e.price}',`,
    ...e.specs.map(([field, value]) => `  ${field}: '${value}',`),
    `  source: '${e.source}',`,
    `  reviews: [${e.reviews.map((r) => `'${r}'`).join(', ')}],`,
    '};',
    '',
  ].join('\n');
}

/** The index: one re-export per entry, sorted by const name. */
export function renderIndex(license: string, entries: readonly Pick<Entry, 'constName' | 'slug'>[]): string {
  const sorted = [...entries].sort((a, b) => (a.constName < b.constName ? -1 : 1));
  return [
    `// SPDX-License-Identifier: ${license}`,
    '/** Every catalog entry, one line each, sorted by name. */',
    ...sorted.map((e) => `export { ${e.constName} } from './${e.slug}.js';`),
    '',
  ].join('\n');
}

function renderTest(license: string, entries: readonly Entry[]): string {
  const names = entries.map((e) => e.constName);
  return [
    `// SPDX-License-Identifier: ${license}`,
    `import { ${names.join(', ')} } from '../src/catalog/index.js';`,
    '',
    `const entries = [${names.join(', ')}];`,
    '',
    'export function everyEntryHasAnOfficialPrice() {',
    "  return entries.every((entry) => entry.price.length > 1 && entry.source.endsWith('/pricing'));",
    '}',
    '',
  ].join('\n');
}

function renderConventions(rng: Rng): string {
  return [
    '# Catalog entries',
    '',
    `Each product has its own module, \`${CATALOG_DIR}/<slug>.ts\` (the model name in lower case, words joined by "-"), which starts with the SPDX license header and exports one const named after the slug in camelCase (\`nimbus-4\` → \`nimbus4\`). Its fields, in this order:`,
    '',
    "- `name`: the brand and the model, e.g. 'Acme Widget 2';",
    `- \`price\`: the current price exactly as the maker's official pricing page shows it, currency sign included${rng.chance(0.5) ? ' (never a launch, deal or review price)' : ''};`,
    '- one field per key spec, named after the spec label in camelCase (`Battery life` → `batteryLife`), with the value and unit as the official spec sheet gives them;',
    "- `source`: the URL of the maker's official pricing page;",
    '- `reviews`: URLs of independent reviews and owner discussions of the product.',
    '',
    `Register every entry in \`${CATALOG_INDEX}\` (one \`export { … } from\` line per entry, sorted by name) and add a line to \`${CHANGELOG}\` under the release the entry ships in.`,
    '',
  ].join('\n');
}

/**
 * Generates the project: 2–4 catalog entries of other brands and lines than `avoid` (so no
 * existing file names the product, its predecessor or the excluded site), in the currency of
 * `price` and with the spec units of `specs`.
 */
export function generateCatalogRepo(
  rng: Rng,
  avoid: {
    readonly brand: string;
    readonly line: string;
    readonly price: string;
    readonly specs: readonly (readonly [string, string])[];
    readonly forbidden: readonly string[];
  },
): CatalogRepo {
  const license = rng.pick(LICENSES);
  const current = randomVersion(rng);
  const currency = avoid.price.charAt(0);
  const lines = rng.sample(
    LINES.filter((l) => l !== avoid.line),
    rng.int(2, 4),
  );
  const existing: Entry[] = lines.map((line) => {
    const brand = rng.pick(BRANDS.filter((b) => b !== avoid.brand));
    const model = `${line} ${rng.int(1, 9)}`;
    const entrySlug = slug(model);
    const specs = avoid.specs.map(([field, sample]) => {
      const unit = sample.replace(/^[0-9,]+\s*/, '');
      return [field, `${groupThousands(rng.int(2, 90) * 10 + rng.int(1, 9))} ${unit}`] as const;
    });
    return {
      constName: constNameOf(entrySlug),
      slug: entrySlug,
      name: `${brand} ${model}`,
      price: `${currency}${groupThousands(rng.int(9, 499) * 10 - 1)}`,
      specs,
      source: `${brand.toLowerCase()}.example/pricing`,
      reviews: [`${rng.pick(REVIEW_SITES)[0]}/reviews/${entrySlug}`],
    };
  });
  existing.sort((a, b) => (a.constName < b.constName ? -1 : 1));
  const name = packageName(rng, 'catalog');
  const files: Record<string, string> = {
    'package.json': renderPackageJson(name, current, license),
    'README.md': renderReadme(name, ['catalog']),
    [CHANGELOG]: renderChangelog(rng, current, 'product'),
    '.lintrc.json': renderProjectLintConfig(rng.pick(LINT_LIMITS), []),
    [CONVENTIONS_DOC]: renderConventions(rng),
    [CATALOG_INDEX]: renderIndex(license, existing),
    'test/catalog.test.ts': renderTest(license, existing),
  };
  for (const e of existing) files[entryPath(e.slug)] = renderEntry(license, e);
  const text = Object.values(files).join('\n').toLowerCase();
  if (avoid.forbidden.some((f) => f && text.includes(f.toLowerCase()))) return generateCatalogRepo(rng, avoid);
  return { files, license, current, existing };
}
