/**
 * Word lists for seeded generation of projects: areas with their nouns, verbs, qualifiers,
 * vendored library names, licenses. Generators draw from these only through the task's `rng`.
 */

/** A domain area of a generated project: its directory and the nouns its functions talk about. */
export interface Area {
  readonly dir: string;
  readonly nouns: readonly string[];
}

/** Domain areas; a project uses a few of them. */
export const AREAS: readonly Area[] = [
  { dir: 'billing', nouns: ['invoice', 'tax', 'discount', 'payment', 'refund', 'ledger', 'receipt', 'currency'] },
  { dir: 'shipping', nouns: ['parcel', 'route', 'carrier', 'label', 'zone', 'tracking', 'customs', 'pallet'] },
  { dir: 'accounts', nouns: ['user', 'session', 'profile', 'token', 'role', 'avatar', 'password', 'email'] },
  { dir: 'catalog', nouns: ['product', 'variant', 'price', 'stock', 'category', 'bundle', 'sku', 'review'] },
  { dir: 'scheduling', nouns: ['booking', 'slot', 'calendar', 'reminder', 'shift', 'venue', 'agenda', 'holiday'] },
  { dir: 'analytics', nouns: ['event', 'metric', 'funnel', 'cohort', 'report', 'segment', 'chart', 'sample'] },
  { dir: 'messaging', nouns: ['message', 'thread', 'channel', 'mention', 'draft', 'digest', 'template', 'inbox'] },
  { dir: 'storage', nouns: ['blob', 'bucket', 'chunk', 'manifest', 'snapshot', 'archive', 'checksum', 'upload'] },
  { dir: 'search', nouns: ['query', 'index', 'token', 'facet', 'ranking', 'synonym', 'snippet', 'filter'] },
  { dir: 'inventory', nouns: ['warehouse', 'shelf', 'batch', 'supplier', 'order', 'restock', 'pallet', 'count'] },
];

/** Verbs that start function names (also the group names of the split-module family). */
export const VERBS: readonly string[] = [
  'parse',
  'format',
  'compute',
  'build',
  'resolve',
  'validate',
  'normalize',
  'load',
  'render',
  'merge',
  'apply',
  'collect',
  'encode',
  'decode',
  'summarize',
  'estimate',
  'convert',
  'extract',
  'select',
  'rank',
];

/** Near-synonyms of a verb: what someone who forgot the exact new name would plausibly type. */
export const VERB_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  parse: ['read', 'decode', 'extract'],
  format: ['render', 'print', 'display'],
  compute: ['calculate', 'derive', 'evaluate'],
  build: ['create', 'make', 'assemble'],
  resolve: ['lookup', 'find', 'locate'],
  validate: ['check', 'verify', 'assert'],
  normalize: ['clean', 'canonicalize', 'sanitize'],
  load: ['fetch', 'read', 'get'],
  render: ['format', 'draw', 'paint'],
  merge: ['combine', 'join', 'union'],
  apply: ['use', 'perform', 'execute'],
  collect: ['gather', 'accumulate', 'aggregate'],
  encode: ['serialize', 'pack', 'write'],
  decode: ['deserialize', 'unpack', 'parse'],
  summarize: ['describe', 'digest', 'outline'],
  estimate: ['predict', 'approximate', 'forecast'],
  convert: ['transform', 'translate', 'map'],
  extract: ['pick', 'pull', 'take'],
  select: ['choose', 'filter', 'pick'],
  rank: ['score', 'order', 'grade'],
};

/** Nouns that finish function names (`parseInvoice` + `Total`). */
export const QUALIFIERS: readonly string[] = [
  'Total',
  'Summary',
  'Key',
  'Label',
  'Window',
  'Limit',
  'Score',
  'Count',
  'Range',
  'Status',
  'Entries',
  'Options',
  'Batch',
  'Delta',
  'Header',
  'Fields',
  'Policy',
  'Amount',
  'Period',
  'Digest',
];

/** Parameter names of generated functions. */
export const PARAMS: readonly string[] = [
  'input',
  'value',
  'items',
  'options',
  'record',
  'entry',
  'source',
  'payload',
  'config',
  'context',
];

/** Local variable names of generated function bodies. */
export const LOCALS: readonly string[] = [
  'result',
  'total',
  'parts',
  'next',
  'current',
  'draft',
  'scaled',
  'trimmed',
  'merged',
  'base',
  'picked',
  'flags',
];

/** Names of vendored third-party libraries. */
export const VENDOR_LIBS: readonly string[] = [
  'moneykit',
  'fastfmt',
  'tinyparse',
  'microutil',
  'datecore',
  'hashlite',
  'quickcsv',
  'textkit',
];

/** Directories of vendored code (the protected directory of the rename family). */
export const VENDOR_DIRS: readonly string[] = ['vendor/', 'third_party/', 'external/', 'vendored/'];

/** Directories of generated code (the protected directory of the split family). */
export const GENERATED_DIRS: readonly string[] = ['src/generated/', 'src/gen/', 'src/__generated__/', 'src/codegen/'];

/** Code generators that "own" generated directories, for the DO-NOT-EDIT banner. */
export const CODEGEN_TOOLS: readonly string[] = ['openapi-gen', 'protoc-gen-ts', 'schema-compiler', 'routegen'];

/** SPDX license identifiers. */
export const LICENSES: readonly string[] = ['MIT', 'Apache-2.0', 'BSD-3-Clause', 'MPL-2.0', 'ISC', 'LGPL-3.0-only'];

/** Project name prefixes (`@acme/billing-kit`). */
export const ORGS: readonly string[] = ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'vandelay', 'wonka', 'stark'];

/** Words for changelog lines of past releases. */
export const PAST_CHANGES: readonly string[] = [
  'Fixed rounding of {noun} totals.',
  'Added a {noun} cache for repeated lookups.',
  'Improved error messages for invalid {noun} input.',
  'Dropped support for Node 18.',
  'Sped up {noun} parsing by avoiding a copy.',
  'Documented the {noun} options.',
  'Fixed a crash on empty {noun} lists.',
  'Upgraded the build to TypeScript 5.',
];

/** `parse` + `invoice` + `Total` → `parseInvoiceTotal`. */
export function camel(...parts: readonly string[]): string {
  return parts.map((p, i) => (i === 0 ? p : p.charAt(0).toUpperCase() + p.slice(1))).join('');
}
