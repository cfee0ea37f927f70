/**
 * Seeded names of the deploy world: services, owners, config keys and values, tickets, versions.
 * No name is a substring of another (so a fact's value is found in free text without ambiguity).
 */
import type { Rng } from '../../../src/core/rng.js';

/** Business domains a service belongs to. */
export const DOMAINS = [
  'cart',
  'pricing',
  'inventory',
  'payments',
  'ledger',
  'shipping',
  'catalog',
  'search',
  'identity',
  'session',
  'notify',
  'billing',
  'refunds',
  'fraud',
  'reviews',
  'media',
  'profile',
  'loyalty',
  'tax',
  'invoice',
  'quotes',
  'coupons',
  'warehouse',
  'returns',
] as const;
/** Kinds of service. */
export const KINDS = ['api', 'svc', 'worker', 'gateway', 'web', 'sync', 'store', 'router'] as const;
/** Owning teams. */
export const OWNERS = [
  'team-orbit',
  'team-atlas',
  'team-kestrel',
  'team-juniper',
  'team-basalt',
  'team-lumen',
  'team-quartz',
  'team-harbor',
] as const;
/** Who approves change tickets. */
export const APPROVERS = ['change-advisory-board', 'release-manager', 'sre-on-call', 'platform-lead'] as const;
/** Stacks a rollout covers. */
export const STACKS = [
  'checkout',
  'storefront',
  'fulfilment',
  'accounts',
  'payments platform',
  'order pipeline',
] as const;

/** A config key that points at a backing system, and how its values look. */
export interface ConfigKind {
  readonly key: string;
  value(rng: Rng): string;
}

const ZONES = ['eu-west', 'us-east', 'ap-south', 'eu-north', 'us-central'] as const;
const cluster = (rng: Rng) => `${rng.int(2, 9)}${rng.pick(['a', 'b', 'c', 'd', 'e', 'f'])}`;

/** Config keys whose values are endpoints (the values a new release may need changed). */
export const CONFIG_KINDS: readonly ConfigKind[] = [
  {
    key: 'DATABASE_HOST',
    value: (rng) => `pg-${rng.pick(['main', 'core', 'primary', 'oltp'])}-${cluster(rng)}.${rng.pick(ZONES)}.internal`,
  },
  { key: 'CACHE_URL', value: (rng) => `redis://cache-${cluster(rng)}.${rng.pick(ZONES)}.internal:6379` },
  { key: 'QUEUE_BROKER', value: (rng) => `amqp://mq-${cluster(rng)}.${rng.pick(ZONES)}.internal` },
  { key: 'SEARCH_ENDPOINT', value: (rng) => `https://es-${cluster(rng)}.${rng.pick(ZONES)}.internal:9200` },
  { key: 'TOKEN_ISSUER', value: (rng) => `https://auth-${cluster(rng)}.${rng.pick(ZONES)}.internal/oauth` },
];

/** Plain settings every service carries (not part of any requirement). */
export const PLAIN_SETTINGS: readonly { key: string; values: readonly string[] }[] = [
  { key: 'LOG_LEVEL', values: ['info', 'warn', 'debug'] },
  { key: 'WORKERS', values: ['4', '8', '16', '24'] },
  { key: 'TIMEOUT_MS', values: ['800', '1500', '3000', '5000'] },
  { key: 'REGION', values: ['eu-west', 'us-east', 'ap-south'] },
  { key: 'FEATURE_FLAGS', values: ['none', 'dark-launch', 'beta-ui', 'fast-path'] },
];

/** `count` distinct service names, none a substring of another. */
export function serviceNames(rng: Rng, count: number): string[] {
  const out: string[] = [];
  const domains = rng.shuffle(DOMAINS);
  for (const d of domains) {
    if (out.length >= count) break;
    const name = `${d}-${rng.pick(KINDS)}`;
    if (out.some((o) => o.includes(name) || name.includes(o))) continue;
    out.push(name);
  }
  return out;
}

/** A semantic version tag. */
export function tag(major: number, minor: number, patch: number): string {
  return `v${major}.${minor}.${patch}`;
}
