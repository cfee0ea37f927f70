/**
 * Task family `deploy/diagnose-rollback`: after a morning of patch deploys, part of a stack is
 * failing. The buggy service's own health check passes — the bug only shows up in its callers
 * (500s from upstream) and in the 5xx alerts — so the team has to find the culprit from logs and
 * metrics, then put exactly that service back on its last good build under an approved change
 * ticket, without touching the other recently deployed services and without making the outage
 * worse.
 *
 * How lost facts bite: the culprit (learned from a failing caller's logs, confirmed by the 5xx
 * alerts, which are authoritative) is the service redeployed — a team that guesses "the latest
 * deploy" rolls back an innocent service; the last good build is the version deployed (the
 * version a plain rollback lands on is buggy too); every change names the ticket; and the ticket's
 * summary cites the incident.
 */
import type { Rng } from '../../../src/core/rng.js';
import { defineTaskFamily, type TaskContent } from '../../../src/world/define-task-family.js';
import type { Constraint, Fact } from '../../../src/team/world.js';
import type { DeployState, LogEntry, Service } from '../state.js';
import { deployWorld } from '../world.js';
import { PlanBuilder, fact } from '../../../src/world/plan-builder.js';
import { sentence, shuffledSentences } from '../../../src/world/wording.js';
import { DEPLOY_EXECUTOR, DEPLOY_PLANNER, DEPLOY_REVIEWER } from './roles.js';
import { APPROVERS, OWNERS, PLAIN_SETTINGS, STACKS, serviceNames, tag } from './names.js';

const FAMILY_ID = 'diagnose-rollback';
const FAMILY_VERSION = 2;
const FACT_ORDER = ['culprit', 'goodVersion', 'changeTicket', 'incidentId'] as const;

/** Reads the culprit off a failing caller's logs (the secondary source). */
export const CALLER_LOG_PATTERN = 'upstream (\\S+) v\\d+\\.\\d+\\.\\d+ returns 500';
/** Reads the culprit off the metrics' 5xx alerts (the authoritative source). */
export const ALERT_PATTERN = 'ALERT (\\S+) 5xx';

/** Draws the content of one diagnose-rollback task. Pure in `rng`. */
function buildDiagnoseRollback(rng: Rng): TaskContent<DeployState> {
  const stackName = rng.pick(STACKS);
  const stackSize = rng.int(5, 7);
  const otherCount = rng.int(2, 3);
  const names = serviceNames(rng, stackSize + otherCount);
  const stackNames = names.slice(0, stackSize);
  const otherNames = names.slice(stackSize);

  // Dependencies in topological order; the culprit is a service something calls.
  const deps = new Map<string, string[]>(
    stackNames.map((name, i) => [
      name,
      i === 0 ? [] : rng.sample(stackNames.slice(0, i), Math.min(i, rng.int(1, 2))).sort(),
    ]),
  );
  const called = stackNames.filter((n) => stackNames.some((m) => deps.get(m)?.includes(n)));
  const culprit = rng.pick(called);
  const callers = stackNames.filter((m) => deps.get(m)?.includes(culprit));
  const decoys = rng.sample(
    stackNames.filter((n) => n !== culprit),
    rng.int(2, 3),
  );

  const major = rng.int(1, 6);
  const minor = rng.int(0, 9);
  const good = rng.int(1, 5);
  const goodVersion = tag(major, minor, good);
  const olderGood = tag(major, minor, good - 1);
  const bad1 = tag(major, minor, good + 1);
  const bad2 = tag(major, minor, good + 2);

  const ticketNumber = rng.int(20_000, 89_999);
  const ticket = `CHG-${ticketNumber}`;
  const oldTicket = `CHG-${ticketNumber - rng.int(5, 60)}`;
  const incidentId = `INC-${rng.int(1000, 9999)}`;
  const approver = rng.pick(APPROVERS);
  const windowFrom = rng.int(3, 9);
  const windowTo = windowFrom + rng.int(16, 26) * 10;

  const settings = (): Record<string, string> => {
    const c: Record<string, string> = {};
    for (const s of rng.sample(PLAIN_SETTINGS, rng.int(2, 4))) c[s.key] = rng.pick(s.values);
    return c;
  };

  // The morning's deploys: the culprit's two buggy builds, then the decoys' healthy patches (the
  // last deploy of all is a decoy's, which is what a team that guesses would roll back).
  const services: Record<string, Service> = {};
  const log: LogEntry[] = [];
  let tick = -rng.int(150, 200);
  const entry = (service: string, version: string, t: string) =>
    log.push({
      tick: (tick += rng.int(5, 15)),
      action: 'rolling',
      service,
      version,
      ticket: t,
      depsReady: true,
      unavailable: 0,
    });
  for (const name of stackNames) {
    if (name === culprit) {
      services[name] = {
        name,
        tier: rng.int(1, 3),
        owner: rng.pick(OWNERS),
        version: bad2,
        previous: [olderGood, goodVersion, bad1],
        deps: deps.get(name) ?? [],
        config: settings(),
        rules: [],
        badVersions: [bad1, bad2],
        canary: null,
      };
      continue;
    }
    const patch = rng.int(0, 6);
    const isDecoy = decoys.includes(name);
    services[name] = {
      name,
      tier: rng.int(1, 3),
      owner: rng.pick(OWNERS),
      version: tag(major, minor, isDecoy ? patch + 1 : patch),
      previous: isDecoy ? [tag(major, minor, patch)] : [],
      deps: deps.get(name) ?? [],
      config: settings(),
      rules: [],
      badVersions: [],
      canary: null,
    };
  }
  for (const name of otherNames) {
    services[name] = {
      name,
      tier: rng.int(1, 3),
      owner: rng.pick(OWNERS),
      version: tag(rng.int(1, 9), rng.int(0, 9), rng.int(0, 9)),
      previous: [],
      deps: [],
      config: settings(),
      rules: [],
      badVersions: [],
      canary: null,
    };
  }
  const earlyDecoys = rng.shuffle(decoys.slice(1));
  const lastDecoy = decoys[0] as string;
  // Built with an indexed loop rather than spread from a `map`: that spread was where the
  // optimised build of this function was thrown away (a deopt on the iterated array), and
  // compiling it again took a quarter of a second of the first seconds of a run.
  const early: [string, string][] = [[culprit, bad1]];
  for (let i = 0; i < earlyDecoys.length; i++) {
    const d = earlyDecoys[i] as string;
    early.push([d, (services[d] as Service).version]);
  }
  const timeline: [string, string][] = rng.shuffle<[string, string]>(early);
  // The culprit's second build always follows its first.
  const firstBad = timeline.findIndex(([n]) => n === culprit);
  timeline.splice(rng.int(firstBad + 1, timeline.length), 0, [culprit, bad2]);
  timeline.push([lastDecoy, (services[lastDecoy] as Service).version]);
  for (const [name, version] of timeline) entry(name, version, oldTicket);

  const ordered: Record<string, Service> = {};
  for (const n of [...names].sort()) ordered[n] = services[n] as Service;
  const initialFailing = callers.length;

  const docs: Record<string, string> = {
    'change-policy': [
      '# Change policy',
      '',
      `- Maintenance window: changes (deploys, config changes, promotions, rollbacks) may only be made from tick ${windowFrom} to tick ${windowTo}.`,
      `- During an incident, never make the outage worse: at most ${initialFailing} service${initialFailing === 1 ? '' : 's'} may be unavailable (failing its health check) at any time.`,
      `- Every change needs an approved change ticket: request_approval, then wait until get_approvals shows it approved (approver: ${approver}).`,
      '- Deploy a service only after every service it depends on runs a compatible version.',
      '',
    ].join('\n'),
    'release-notes': [
      `# Release notes — ${stackName}`,
      '',
      `This morning's patch deploys went out under ${oldTicket}.`,
      '',
    ].join('\n'),
    runbook: [
      '# Incident runbook',
      '',
      '1. A buggy build often passes its own health check: look at its callers. Their logs name the upstream that returns 500s.',
      '2. The 5xx alerts in metrics are authoritative for which service is returning errors.',
      '3. Roll back only the culprit, to its last good build (rollback returns to the previous build, which may be buggy too; deploy the good version instead).',
      '4. health is being replaced by probe (same arguments); use probe if health is unavailable.',
      '',
    ].join('\n'),
  };

  const world: DeployState = {
    services: ordered,
    docs,
    release: {
      version: tag(major, minor, 0),
      services: [...stackNames].sort(),
      notes: `The ${stackName} stack runs the ${major}.${minor} line; patches are deployed per service.`,
    },
    approvals: {},
    approvalDelay: rng.int(2, 3),
    approver,
    log,
  };

  const facts: Fact[] = [
    { id: 'culprit', description: 'the service whose deploy broke the stack', value: culprit, guess: lastDecoy },
    {
      id: 'goodVersion',
      description: "the culprit's last good build",
      value: goodVersion,
      guess: bad1,
      alternative: olderGood,
    },
    { id: 'changeTicket', description: 'the change ticket of the rollback', value: ticket, guess: oldTicket },
    { id: 'incidentId', description: 'the incident the rollback fixes', value: incidentId, guess: '' },
  ];

  const constraints: Constraint[] = [
    {
      id: 'recovered',
      text: `${culprit} runs its last good build ${goodVersion}`,
      kind: 'services-at-version',
      params: { services: [culprit], version: goodVersion },
      facts: ['culprit', 'goodVersion'],
      scope: 'goal',
      late: false,
    },
    {
      id: 'only-culprit',
      text: 'No service other than the culprit is changed',
      kind: 'no-collateral',
      params: { allow: [`services/${culprit}`, `approvals/${ticket}`] },
      facts: ['culprit', 'changeTicket'],
      scope: 'invariant',
      late: false,
    },
    {
      id: 'ticket',
      text: `Every change is made under ${ticket}`,
      kind: 'deploys-ticketed',
      params: { ticket },
      facts: ['changeTicket'],
      scope: 'invariant',
      late: false,
    },
    {
      id: 'incident',
      text: `The change ticket's summary cites ${incidentId}`,
      kind: 'approval-mentions',
      params: { ticket, text: incidentId },
      facts: ['incidentId', 'changeTicket'],
      scope: 'goal',
      late: true,
    },
    {
      id: 'order',
      text: 'No service runs ahead of the services it depends on',
      kind: 'dependency-order',
      params: {},
      facts: [],
      scope: 'invariant',
      late: false,
    },
    {
      id: 'unavailable',
      text: `The outage never gets worse (at most ${initialFailing} unavailable)`,
      kind: 'max-unavailable',
      params: { max: initialFailing },
      facts: [],
      scope: 'invariant',
      late: false,
    },
    {
      id: 'window',
      text: `Changes only within the maintenance window (ticks ${windowFrom}–${windowTo})`,
      kind: 'change-window',
      params: { from: windowFrom, to: windowTo },
      facts: [],
      scope: 'invariant',
      late: true,
      forbidsAction: true,
    },
    {
      id: 'healthy',
      text: 'Every service passes its health check at the end',
      kind: 'all-healthy',
      params: {},
      facts: [],
      scope: 'goal',
      late: true,
      subgoal: true,
    },
    {
      id: 'report',
      text: 'The final answer names the culprit and the version it runs now',
      kind: 'answer-mentions',
      params: { mentions: [culprit, goodVersion] },
      facts: ['culprit', 'goodVersion'],
      scope: 'goal',
      late: true,
    },
  ];

  // The oracle plan.
  const P = DEPLOY_PLANNER.id;
  const E = DEPLOY_EXECUTOR.id;
  const R = DEPLOY_REVIEWER.id;
  const firstCaller = rng.pick(callers);
  const b = new PlanBuilder();
  b.tool(P, 'read_doc', { name: 'change-policy' })
    .tool(P, 'read_doc', { name: 'runbook' }, { note: 'buggy builds show up in their callers' })
    .tool(P, 'list_services', {}, { note: 'which services are failing' });
  for (const name of rng.shuffle(stackNames)) b.tool(P, 'get_service', { service: name }, { note: 'who calls whom' });
  b.tool(P, 'health', { service: firstCaller })
    .tool(
      P,
      'logs',
      { service: firstCaller },
      {
        learn: [{ fact: 'culprit', pattern: CALLER_LOG_PATTERN }],
        note: "the caller's logs name the upstream returning 500s",
      },
    )
    .tool(P, 'logs', { service: lastDecoy }, { note: 'the latest deploy is healthy' })
    .tool(
      P,
      'metrics',
      {},
      {
        learn: [{ fact: 'culprit', pattern: ALERT_PATTERN }],
        verification: true,
        note: 'the 5xx alerts are authoritative',
      },
    )
    .tool(P, 'logs', { service: fact('culprit') }, { note: 'its deploy history' })
    .tool(P, 'get_approvals', {})
    .handoff(
      P,
      E,
      `The culprit's last two builds are buggy (its own health check passes; its callers fail). Get the change ticket approved (cite the incident in its summary), then deploy the culprit's last good build with a rolling deploy — not a plain rollback — and touch nothing else. Its callers ${callers.join(', ')} should recover. Window: ticks ${windowFrom}–${windowTo}.`,
      FACT_ORDER,
    );
  b.tool(E, 'request_approval', {
    ticket: fact('changeTicket'),
    summary: `Roll ${fact('culprit')} back to ${fact('goodVersion')} (incident ${fact('incidentId')})`,
  })
    .tool(E, 'get_service', { service: fact('culprit') })
    .tool(E, 'logs', { service: fact('culprit') })
    .tool(E, 'read_doc', { name: 'change-policy' })
    .tool(E, 'get_approvals', {}, { note: 'the approval takes a few ticks' })
    .tool(
      E,
      'rollback',
      { service: fact('culprit'), ticket: fact('changeTicket') },
      {
        when: { op: 'equals', left: fact('goodVersion'), right: bad1 },
        note: 'the previous build is the good one: a plain rollback does it',
      },
    )
    .tool(
      E,
      'deploy',
      { service: fact('culprit'), version: fact('goodVersion'), strategy: 'rolling', ticket: fact('changeTicket') },
      {
        when: { op: 'notEquals', left: fact('goodVersion'), right: bad1 },
        note: 'the previous build is buggy too: deploy the good one',
      },
    )
    .tool(E, 'health', { service: fact('culprit') });
  for (const c of callers) b.tool(E, 'health', { service: c }, { note: 'the callers recover' });
  b.tool(E, 'metrics', {})
    .handoff(
      E,
      R,
      `Done: the culprit is back on its last good build under the approved ticket (the incident is cited). Please verify its version, the callers' health, the alerts, and that nothing else changed.`,
      FACT_ORDER,
    )
    .tool(R, 'list_services', {});
  for (const name of stackNames) b.tool(R, 'health', { service: name });
  b.tool(R, 'get_service', { service: fact('culprit') })
    .tool(R, 'logs', { service: fact('culprit'), since: windowFrom })
    .tool(R, 'get_approvals', {})
    .tool(R, 'metrics', {})
    .handoff(
      R,
      P,
      'Verified: the culprit runs its last good build, every service is healthy, no 5xx alert remains, and nothing else changed.',
      [],
    )
    .finish(
      P,
      `The culprit was ${fact('culprit')} (its builds ${bad1} and ${bad2} return 500s to its callers). It now runs ${fact('goodVersion')}, deployed under ${fact('changeTicket')} for ${fact('incidentId')}; ${callers.join(', ')} recovered and nothing else was changed.`,
    );

  const request = diagnoseRequest(rng, { stackName, goodVersion, ticket, incidentId });
  return {
    request,
    facts,
    constraints,
    world,
    plan: b,
  };
}

interface RequestFacts {
  readonly stackName: string;
  readonly goodVersion: string;
  readonly ticket: string;
  readonly incidentId: string;
}

/** The user's words: every constraint and every stated fact value, in seeded wording and order. */
function diagnoseRequest(rng: Rng, f: RequestFacts): string {
  const intro = sentence(rng, [
    `Since this morning's deploys the ${f.stackName} stack has been throwing errors (incident ${f.incidentId}).`,
    `Incident ${f.incidentId}: parts of the ${f.stackName} stack started failing after today's patch deploys.`,
    `We have an outage in the ${f.stackName} stack after the latest deploys — it's tracked as ${f.incidentId}.`,
  ]);
  const body = shuffledSentences(rng, [
    [
      'Find the deploy that broke it from the logs and metrics (the 5xx alerts are authoritative) and roll back exactly that service — nothing else.',
      'Work out from logs and metrics which deploy is to blame (trust the 5xx alerts in metrics over anything else) and revert only that service.',
    ],
    [
      `The bug shipped in that service's last two builds, so a plain rollback is not enough: deploy its last good build, ${f.goodVersion}.`,
      `Its previous build has the bug too; put it on ${f.goodVersion}, the last good build (a rolling deploy, not rollback).`,
    ],
    [
      `Use change ticket ${f.ticket}, get it approved before any change, and cite ${f.incidentId} in its summary.`,
      `Every change goes under ${f.ticket} (approved first; mention ${f.incidentId} in the ticket summary).`,
    ],
    [
      'Follow the change policy (read_doc "change-policy"): the maintenance window, and never make the outage worse.',
      'Stick to the change policy — window and no additional unavailable services (read_doc "change-policy").',
    ],
    [
      "Don't touch the other services, even the ones deployed this morning.",
      'Leave every other service alone, including the other recent deploys.',
    ],
  ]);
  const outro = sentence(rng, [
    'Tell me which service it was and the version it runs now.',
    'Report the culprit and the version it is on afterwards.',
  ]);
  return [intro, ...body, outro].join(' ');
}

/** The diagnose-rollback task family. */
export const diagnoseRollbackFamily = defineTaskFamily({
  id: FAMILY_ID,
  version: FAMILY_VERSION,
  description:
    "Find the deploy that broke a stack from its callers' logs and the 5xx alerts, and put exactly that service back on its last good build under an approved ticket, without making the outage worse.",
  world: deployWorld,
  maxEpisodeSteps: 120,
  roles: [DEPLOY_PLANNER, DEPLOY_EXECUTOR, DEPLOY_REVIEWER],
  factOrder: FACT_ORDER,
  build: buildDiagnoseRollback,
});

/** Generates one diagnose-rollback task without the memo, drawing straight from `rng` (see `generateUnmemoized`). */
export const generateDiagnoseRollback = diagnoseRollbackFamily.generateUnmemoized;
