/**
 * Task family `flaky-api/migrate-records`: move one segment's contacts from the legacy CRM to
 * the new CRM — map the legacy field names to the new schema, keep every contact's id, skip the
 * contacts the data-retention policy excludes (no consent, or inactive longer than the retention
 * period), assign each migrated contact to an owner team, mark the legacy records migrated, and
 * report how many contacts moved. Contacts migrated in an earlier batch must stay untouched.
 *
 * How lost facts bite: the retention period (learned from the policy, not stated) decides for
 * each contact whether it moves, and one contact's inactivity always lies between the true period
 * and the round number a teammate would assume; the segment decides whether other segments'
 * contacts are moved too; the owner team is written into every migrated contact.
 */
import type { Rng } from '../../../src/core/rng.js';
import { defineTaskFamily, type TaskContent } from '../../../src/world/define-task-family.js';
import type { Constraint, Fact, PlanCondition } from '../../../src/team/world.js';
import type { ApiState, CrmContact, Doc, LegacyContact } from '../state.js';
import { flakyApiWorld } from '../world.js';
import {
  ASSUMED_RETENTION,
  COUNTRIES,
  EMAIL_DOMAINS,
  FIRST_NAMES,
  OWNER_TEAMS,
  RETENTION_DAYS,
  SEGMENTS,
  SURNAMES,
} from '../names.js';
import { apiRoles } from './plan.js';
import { PlanBuilder, fact } from '../../../src/world/plan-builder.js';
import { CRM_READ_TOOLS } from '../tools.js';
import { sentence, shuffledSentences } from '../../../src/world/wording.js';

const FAMILY_ID = 'migrate-records';
const FAMILY_VERSION = 1;
const FACT_ORDER = ['segment', 'retentionDays', 'ownerTeam'] as const;
const PAGE = 10;
const { PLANNER, EXECUTOR, REVIEWER } = apiRoles(
  CRM_READ_TOOLS,
  ['crm_contacts_create', 'crm_contacts_update', 'legacy_contacts_update'],
  'the legacy CRM, the new CRM, the field mapping',
);

/** The secondary source of the retention period and the pattern that reads it. */
export const RUNBOOK_DOC = 'crm-migration-runbook';
export const RUNBOOK_PATTERN = 'inactive for more than (\\d+) days';
/** The authoritative source (policy_get) and its pattern. */
export const RETENTION_DOC = 'data-retention-policy';
export const RETENTION_PATTERN = 'Retention period: (\\d+) days';

/** Why a legacy contact is there. */
type Kind = 'move' | 'between' | 'expired' | 'no-consent' | 'other-segment' | 'earlier' | 'plain';

interface Spec {
  readonly kind: Kind;
  readonly segment: string;
  readonly days: number;
}

/** The new CRM's fields of a legacy contact (the field mapping). */
export function mapContact(c: LegacyContact): Omit<CrmContact, 'owner'> {
  return {
    id: c.id,
    name: c.full_name,
    email: c.email_addr,
    phone: c.phone_no,
    segment: c.segment,
    country: c.country_code,
  };
}

/** Draws the content of one migrate-records task. Pure in `rng`. */
function buildMigrateRecords(rng: Rng): TaskContent<ApiState> {
  const segments = rng.sample(SEGMENTS, 3);
  const segment = segments[0] as string;
  const others = segments.slice(1);
  const retention = rng.pick(RETENTION_DAYS);
  const assumed = rng.pick(ASSUMED_RETENTION);
  const lo = Math.min(retention, assumed);
  const hi = Math.max(retention, assumed);
  const ownerTeam = rng.pick(OWNER_TEAMS);
  const alternativeOwner = rng.pick(OWNER_TEAMS.filter((t) => t !== ownerTeam));

  const specs: Spec[] = [];
  for (let i = rng.int(3, 6); i > 0; i--) specs.push({ kind: 'move', segment, days: rng.int(2, lo - 10) });
  specs.push({ kind: 'between', segment, days: rng.int(lo + 1, hi - 1) });
  for (let i = rng.int(1, 2); i > 0; i--) specs.push({ kind: 'expired', segment, days: rng.int(hi + 5, hi + 900) });
  specs.push({ kind: 'no-consent', segment, days: rng.int(2, lo - 10) });
  for (let i = rng.int(1, 2); i > 0; i--)
    specs.push({ kind: 'other-segment', segment: rng.pick(others), days: rng.int(2, lo - 10) });
  for (let i = rng.int(2, 4); i > 0; i--)
    specs.push({ kind: 'earlier', segment: rng.pick(others), days: rng.int(2, 300) });
  for (let i = rng.int(4, 10); i > 0; i--)
    specs.push({ kind: 'plain', segment: rng.pick(others), days: rng.int(2, 1500) });

  let idNo = rng.int(10000, 60000);
  const names = rng.shuffle(SURNAMES);
  const legacy: Record<string, LegacyContact> = {};
  const kinds = new Map<string, Kind>();
  rng.shuffle(specs).forEach((spec, i) => {
    idNo += rng.int(1, 30);
    const surname = names[i % names.length] as string;
    const first = rng.pick(FIRST_NAMES);
    const c: LegacyContact = {
      id: `C-${idNo}`,
      full_name: `${first} ${surname[0]?.toUpperCase()}${surname.slice(1)}`,
      email_addr: `${first.toLowerCase()}.${surname}${i >= names.length ? i : ''}@${rng.pick(EMAIL_DOMAINS)}`,
      phone_no: `+${rng.int(30, 49)} ${rng.int(100, 999)} ${rng.int(1000, 9999)}`,
      segment: spec.segment,
      country_code: rng.pick(COUNTRIES),
      consent: spec.kind === 'no-consent' ? 'no' : rng.chance(0.85) || spec.kind !== 'plain' ? 'yes' : 'no',
      days_since_activity: spec.days,
      status: spec.kind === 'earlier' ? 'migrated' : 'active',
    };
    legacy[c.id] = c;
    kinds.set(c.id, spec.kind);
  });
  const ofKind = (...k: Kind[]) => Object.values(legacy).filter((c) => k.includes(kinds.get(c.id) as Kind));
  const crm: Record<string, CrmContact> = {};
  for (const c of ofKind('earlier'))
    crm[c.id] = { ...mapContact(c), owner: rng.pick(OWNER_TEAMS.filter((t) => t !== ownerTeam)) };

  const docs: Record<string, Doc> = {};
  docs[RUNBOOK_DOC] = {
    id: RUNBOOK_DOC,
    title: 'CRM migration runbook',
    version: `2024-${rng.pick(['03', '07', '10', '12'])}`,
    content: [
      'Migrate one segment at a time. For every contact:',
      '1. Skip contacts without consent (consent = no).',
      `2. Skip contacts inactive for more than ${retention} days (the data-retention policy is binding if it says otherwise).`,
      '3. Create the contact in the new CRM with crm_contacts_create under its legacy id (see crm-field-mapping), assign its owner team with crm_contacts_update, then set the legacy record to migrated.',
      'legacy_contacts_list is deprecated; legacy_contacts_list_v2 takes the same arguments and returns the same results.',
    ].join('\n'),
  };
  docs['crm-field-mapping'] = {
    id: 'crm-field-mapping',
    title: 'Legacy CRM → new CRM field mapping',
    version: '1.2',
    content:
      'full_name → name\nemail_addr → email\nphone_no → phone\nsegment → segment\ncountry_code → country\nThe id is kept as it is. consent, days_since_activity and status are not migrated.',
  };
  const policyVersion = `v${rng.int(1, 4)}.${rng.int(0, 9)}`;
  docs[RETENTION_DOC] = {
    id: RETENTION_DOC,
    title: 'Data-retention policy',
    version: policyVersion,
    content: [
      `Data-retention policy ${policyVersion}.`,
      `1. Retention period: ${retention} days. Contacts inactive for longer than the retention period must not be copied into any new system.`,
      '2. Contacts who withheld consent (consent = no) must not be copied into any new system.',
      '3. Migrations keep record ids, so audits can trace every record to its source.',
    ].join('\n'),
  };

  const state: ApiState = {
    customers: {},
    orders: {},
    payments: {},
    tickets: {},
    docs,
    legacy,
    crm,
    policyId: RETENTION_DOC,
    nextRefund: 1,
  };

  const facts: Fact[] = [
    { id: 'segment', description: 'the customer segment being migrated', value: segment, guess: '' },
    {
      id: 'retentionDays',
      description: 'the data-retention period in days (contacts inactive longer are not migrated)',
      value: String(retention),
      guess: String(assumed),
    },
    {
      id: 'ownerTeam',
      description: 'the owner team every migrated contact is assigned to',
      value: ownerTeam,
      guess: 'migration-team',
      alternative: alternativeOwner,
    },
  ];

  const candidates = ofKind('move', 'between', 'expired');
  const moved = candidates.filter((c) => c.days_since_activity <= retention);
  const movedIds = moved.map((c) => c.id).sort();
  const constraints: Constraint[] = [
    {
      id: 'migrated',
      text: `Every ${segment} contact within the retention period is in the new CRM under its legacy id, with mapped fields`,
      kind: 'crm-migrated',
      params: { records: Object.fromEntries(moved.map((c) => [c.id, mapContact(c)])) },
      facts: ['retentionDays'],
      scope: 'goal',
      late: false,
    },
    {
      id: 'retention',
      text: 'No contact inactive for longer than the retention period is migrated',
      kind: 'crm-retention',
      params: { max: retention },
      facts: ['retentionDays'],
      scope: 'invariant',
      late: false,
      forbidsAction: true,
    },
    {
      id: 'consent',
      text: 'No contact without consent is migrated',
      kind: 'crm-consent',
      params: {},
      facts: [],
      scope: 'invariant',
      late: false,
      forbidsAction: true,
    },
    {
      id: 'segment',
      text: `Only ${segment} contacts are migrated`,
      kind: 'crm-segment',
      params: { segment },
      facts: ['segment'],
      scope: 'invariant',
      late: false,
      forbidsAction: true,
    },
    {
      id: 'owner',
      text: `Every migrated contact is owned by ${ownerTeam}`,
      kind: 'crm-owner',
      params: { ids: movedIds, owner: ownerTeam },
      facts: ['ownerTeam'],
      scope: 'goal',
      late: true,
    },
    {
      id: 'legacy-marked',
      text: 'Every migrated legacy record is marked migrated',
      kind: 'legacy-status',
      params: { ids: movedIds, status: 'migrated' },
      facts: [],
      scope: 'goal',
      late: true,
      subgoal: true,
    },
    {
      id: 'no-collateral',
      text: 'No other record changes (earlier migrations included)',
      kind: 'no-collateral',
      params: { allow: movedIds.flatMap((id) => [`crm/${id}`, `legacy/${id}`]).sort() },
      facts: ['segment'],
      scope: 'invariant',
      late: false,
    },
    {
      id: 'report',
      text: 'The final answer states how many contacts were migrated',
      kind: 'answer-migrated-count',
      params: {},
      facts: [],
      scope: 'goal',
      late: true,
    },
  ];

  // The oracle plan.
  const P = PLANNER.id;
  const E = EXECUTOR.id;
  const R = REVIEWER.id;
  const b = new PlanBuilder();
  const inSegment = Object.values(legacy).filter((c) => c.segment === segment);
  b.tool(P, 'docs_list', {}, { note: 'what documentation exists' })
    .tool(
      P,
      'docs_get',
      { id: RUNBOOK_DOC },
      { learn: [{ fact: 'retentionDays', pattern: RUNBOOK_PATTERN }], note: 'the runbook quotes the retention period' },
    )
    .tool(P, 'docs_get', { id: 'crm-field-mapping' }, { note: 'legacy field names → new CRM fields' })
    .tool(
      P,
      'policy_get',
      {},
      {
        learn: [{ fact: 'retentionDays', pattern: RETENTION_PATTERN }],
        verification: true,
        note: 'the retention policy is authoritative',
      },
    );
  for (let page = 1; (page - 1) * PAGE < inSegment.length; page++)
    b.tool(
      P,
      'legacy_contacts_list',
      { segment: fact('segment'), page, pageSize: PAGE },
      page === 1 ? { note: "the segment's legacy contacts, page by page" } : {},
    );
  b.tool(
    P,
    'crm_contacts_list',
    { page: 1, pageSize: PAGE },
    { note: 'contacts from earlier batches are already there' },
  );
  for (const c of rng.shuffle(inSegment)) b.tool(P, 'legacy_contacts_get', { id: c.id });
  const noConsent = ofKind('no-consent');
  b.handoff(
    P,
    E,
    `Migrate these legacy contacts of the segment to the new CRM, keeping their ids: ${candidates.map((c) => `${c.id} (inactive ${c.days_since_activity} days)`).join(', ')} — but only those within the retention period. Map full_name→name, email_addr→email, phone_no→phone, country_code→country; then assign the owner team and mark the legacy record migrated. Skip ${noConsent.map((c) => c.id).join(', ')} (no consent) and anything outside the segment.`,
    FACT_ORDER,
  );
  const within = (c: LegacyContact): PlanCondition => ({
    op: 'lte',
    left: String(c.days_since_activity),
    right: fact('retentionDays'),
  });
  const otherSegment: PlanCondition = { op: 'notStartsWith', left: segment, right: fact('segment') };
  const work = rng.shuffle([...candidates, ...ofKind('other-segment')]);
  for (const c of work) {
    const when = kinds.get(c.id) === 'other-segment' ? otherSegment : within(c);
    const m = mapContact(c);
    b.tool(
      E,
      'crm_contacts_create',
      { id: m.id, name: m.name, email: m.email, phone: m.phone, segment: m.segment, country: m.country },
      { when },
    );
    b.tool(E, 'crm_contacts_update', { id: c.id, owner: fact('ownerTeam') }, { when });
    b.tool(E, 'legacy_contacts_update', { id: c.id, status: 'migrated' }, { when });
  }
  b.tool(E, 'crm_contacts_list', { owner: fact('ownerTeam'), page: 1, pageSize: PAGE }).handoff(
    E,
    R,
    `Done: created the contacts within the retention period in the new CRM under their legacy ids, assigned the owner team, marked the legacy records migrated. Please verify: ${candidates.map((c) => c.id).join(', ')}.`,
    FACT_ORDER,
  );
  for (const c of rng.shuffle(moved)) b.tool(R, 'crm_contacts_get', { id: c.id });
  b.tool(R, 'crm_contacts_list', { owner: fact('ownerTeam'), page: 1, pageSize: PAGE })
    .tool(R, 'legacy_contacts_list', { segment: fact('segment'), status: 'active', page: 1, pageSize: PAGE })
    .tool(R, 'policy_get', {})
    .handoff(
      R,
      P,
      'Verified: the migrated contacts are in the new CRM with mapped fields and the owner team, the legacy records are marked, nothing excluded by the policy or outside the segment moved.',
      [],
    )
    .finish(
      P,
      `Migrated ${moved.length} contact${moved.length === 1 ? '' : 's'} of ${fact('segment')} to the new CRM (${movedIds.join(', ')}), owned by ${fact('ownerTeam')}; skipped ${candidates.length - moved.length} past the retention period and ${noConsent.length} without consent.`,
    );

  const request = migrateRequest(rng, { segment, owner: ownerTeam });
  return {
    request,
    facts,
    constraints,
    world: state,
    plan: b,
  };
}

/** The user's words: every constraint and every stated fact, in seeded wording and order. */
function migrateRequest(rng: Rng, f: { segment: string; owner: string }): string {
  const intro = sentence(rng, [
    `Please migrate the ${f.segment} contacts from the legacy CRM to the new CRM.`,
    `Next batch of the CRM migration: move the ${f.segment} segment's contacts from the legacy system to the new CRM.`,
    `We're moving the ${f.segment} contacts off the legacy CRM. Migrate them to the new one.`,
  ]);
  const body = shuffledSentences(rng, [
    [
      "Keep every contact's id, and map the legacy field names to the new schema (the field mapping is in the wiki).",
      "Contacts must keep their legacy ids; translate the old field names to the new CRM's fields as documented.",
    ],
    [
      'Respect the data-retention policy: policy_get is authoritative (the runbook may be out of date) — contacts inactive for longer than its retention period stay behind.',
      'Follow the retention rules — read them with policy_get, which wins over the migration runbook: anyone inactive past the retention period is not migrated.',
    ],
    ['Contacts who did not give consent are never migrated.', 'Never copy a contact without consent.'],
    [`Only the ${f.segment} segment is in this batch.`, `Leave other segments than ${f.segment} alone.`],
    [
      `Assign every migrated contact to the owner team ${f.owner}.`,
      `The new owner of all migrated contacts is ${f.owner}.`,
    ],
    ['Mark each migrated legacy record as migrated.', 'Set the legacy record of every moved contact to migrated.'],
    ["Don't touch contacts from earlier batches or anything else.", 'Change nothing else.'],
  ]);
  const outro = sentence(rng, [
    'Tell me how many contacts you migrated.',
    'Finish by telling me the number of contacts migrated.',
  ]);
  return [intro, ...body, outro].join(' ');
}

/** The migrate-records task family. */
export const migrateRecordsFamily = defineTaskFamily({
  id: FAMILY_ID,
  version: FAMILY_VERSION,
  description:
    'Migrate one segment of contacts from a legacy CRM to a new CRM with field mapping and preserved ids, skipping contacts the retention policy excludes, assigning an owner team and marking the legacy records.',
  world: flakyApiWorld,
  maxEpisodeSteps: 160,
  roles: [PLANNER, EXECUTOR, REVIEWER],
  factOrder: FACT_ORDER,
  build: buildMigrateRecords,
});

/** Generates one migrate-records task without the memo, drawing straight from `rng` (see `generateUnmemoized`). */
export const generateMigrateRecords = migrateRecordsFamily.generateUnmemoized;
