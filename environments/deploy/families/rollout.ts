/**
 * Task family `deploy/rollout`: roll a new release out across a stack of services, in dependency
 * order, under an approved change ticket and the change policy (maintenance window, unavailability
 * limit), with a config change the new release needs made first, the tier-1 service going out as
 * a canary, and one service under a change freeze left alone.
 *
 * How lost facts bite: the release version (learned from the release manifest, which wins over
 * the release notes) is what every deploy installs; the frozen service is deployed only when the
 * freeze is unknown; the config value is written before the deploys (with the old value the new
 * release fails at startup, and the stack becomes unavailable); the canary service takes the
 * canary branch of the plan only when known; and every change names the ticket.
 */
import type { Rng } from '../../../src/core/rng.js';
import { defineTaskFamily, type TaskContent } from '../../../src/world/define-task-family.js';
import type { Constraint, Fact } from '../../../src/team/world.js';
import type { DeployState, LogEntry, Service } from '../state.js';
import { deployWorld } from '../world.js';
import { PlanBuilder, fact } from '../../../src/world/plan-builder.js';
import { sentence, shuffledSentences } from '../../../src/world/wording.js';
import { DEPLOY_EXECUTOR, DEPLOY_PLANNER, DEPLOY_REVIEWER } from './roles.js';
import { APPROVERS, CONFIG_KINDS, OWNERS, PLAIN_SETTINGS, STACKS, serviceNames, tag } from './names.js';

const FAMILY_ID = 'rollout';
const FAMILY_VERSION = 2;
const FACT_ORDER = ['targetVersion', 'frozenService', 'configValue', 'canaryService', 'changeTicket'] as const;

/** Reads the release version off the release notes (the secondary source). */
export const RELEASE_NOTES_PATTERN = 'next release is (v\\d+\\.\\d+\\.\\d+)';
/** Reads the release version off the release manifest (the authoritative source). */
export const MANIFEST_PATTERN = '"version":\\s*"(v\\d+\\.\\d+\\.\\d+)"';

/** A stack of services being generated, in dependency (topological) order. */
interface StackService {
  readonly name: string;
  readonly deps: string[];
}

/** Draws the content of one rollout task. Pure in `rng`. */
function buildRollout(rng: Rng): TaskContent<DeployState> {
  const stackName = rng.pick(STACKS);
  const stackSize = rng.int(5, 7);
  const otherCount = rng.int(2, 4);
  const names = serviceNames(rng, stackSize + otherCount);
  const stackNames = names.slice(0, stackSize);
  const otherNames = names.slice(stackSize);

  // Dependencies: each service calls one or two services earlier in the order, so the order is
  // a topological one. The frozen service is a leaf (nothing calls it).
  const stack: StackService[] = stackNames.map((name, i) => ({
    name,
    deps: i === 0 ? [] : rng.sample(stackNames.slice(0, i), Math.min(i, rng.int(1, 2))).sort(),
  }));
  const called = new Set(stack.flatMap((s) => s.deps));
  const leaves = stack.filter((s) => !called.has(s.name));
  const frozen = rng.pick(leaves).name;
  const upgraded = stack.filter((s) => s.name !== frozen).map((s) => s.name);
  const canaryService = rng.pick(upgraded);
  const configService = rng.pick(upgraded);
  const configKind = rng.pick(CONFIG_KINDS);
  const oldValue = configKind.value(rng);
  let configValue = configKind.value(rng);
  while (configValue === oldValue) configValue = configKind.value(rng);

  const major = rng.int(1, 6);
  const minor = rng.int(1, 9);
  const patch = rng.int(1, 7);
  const current = tag(major, minor, patch);
  const target = rng.chance(0.75) ? tag(major, minor + 1, 0) : tag(major + 1, 0, 0);
  const guessVersion = tag(major, minor, patch + 1);
  const history = [tag(major, minor, patch - 1), ...(patch > 1 ? [tag(major, minor, patch - 2)] : [])].reverse();

  const ticketNumber = rng.int(20_000, 89_999);
  const ticket = `CHG-${ticketNumber}`;
  const oldTicket = `CHG-${ticketNumber - rng.int(40, 900)}`;
  const approver = rng.pick(APPROVERS);
  const approvalDelay = rng.int(2, 3);
  const maxUnavailable = rng.int(0, 1);
  const windowFrom = rng.int(3, 9);
  const windowTo = windowFrom + rng.int(16, 26) * 10;

  // The services.
  const services: Record<string, Service> = {};
  const settings = (): Record<string, string> => {
    const c: Record<string, string> = {};
    for (const s of rng.sample(PLAIN_SETTINGS, rng.int(2, 4))) c[s.key] = rng.pick(s.values);
    return c;
  };
  for (const s of stack) {
    const config = settings();
    if (s.name === configService) config[configKind.key] = oldValue;
    else if (rng.chance(0.3))
      config[rng.pick(CONFIG_KINDS.filter((k) => k.key !== configKind.key)).key] = rng.pick(CONFIG_KINDS).value(rng);
    services[s.name] = {
      name: s.name,
      tier: s.name === canaryService ? 1 : rng.int(2, 3),
      owner: rng.pick(OWNERS),
      version: current,
      previous: history,
      deps: s.deps,
      config,
      rules: s.name === configService ? [{ key: configKind.key, value: configValue, from: target }] : [],
      badVersions: [],
      canary: null,
    };
  }
  for (const name of otherNames) {
    const v = tag(rng.int(1, 9), rng.int(0, 9), rng.int(0, 9));
    services[name] = {
      name,
      tier: rng.int(1, 3),
      owner: rng.pick(OWNERS),
      version: v,
      previous: [],
      deps: [],
      config: settings(),
      rules: [],
      badVersions: [],
      canary: null,
    };
  }
  const ordered: Record<string, Service> = {};
  for (const n of [...names].sort()) ordered[n] = services[n] as Service;

  // History: the last release of the stack went out under an older ticket.
  const log: LogEntry[] = stack.map((s, i) => ({
    tick: -400 + i * 3,
    action: 'rolling',
    service: s.name,
    version: current,
    ticket: oldTicket,
    depsReady: true,
    unavailable: 0,
  }));

  const docs: Record<string, string> = {
    'change-policy': [
      '# Change policy',
      '',
      `- Maintenance window: changes (deploys, config changes, promotions, rollbacks) may only be made from tick ${windowFrom} to tick ${windowTo}.`,
      `- At most ${maxUnavailable} service${maxUnavailable === 1 ? '' : 's'} may be unavailable (failing its health check) at any time.`,
      `- Every change needs an approved change ticket: request_approval, then wait until get_approvals shows it approved (approver: ${approver}).`,
      '- Deploy a service only after every service it depends on runs the new version.',
      '- Tier-1 services go out as a canary first: deploy with strategy "canary", check health, then promote_canary.',
      '',
    ].join('\n'),
    'release-notes': [
      `# Release notes — ${stackName}`,
      '',
      `The next release is ${target}. ${sentence(rng, ['It ships the new API contract between the services, so callers must go out after the services they call.', 'It changes the internal API between services: roll out dependencies before their callers.', 'Services talk a new protocol version in it; deploy callees before callers.'])}`,
      '',
      `${configService} needs a new ${configKind.key} with this release; the value is in the change request.`,
      '',
    ].join('\n'),
    runbook: [
      '# Deploy runbook',
      '',
      '1. Check the change policy and get the change ticket approved.',
      '2. Make config changes the release needs before deploying the service that needs them.',
      '3. Deploy in dependency order; check health after each deploy.',
      '4. Tier-1 services: canary, health, promote_canary. If the canary is degraded, rollback aborts it.',
      '5. health is being replaced by probe (same arguments); use probe if health is unavailable.',
      '',
    ].join('\n'),
  };

  const world: DeployState = {
    services: ordered,
    docs,
    release: {
      version: target,
      services: [...stackNames].sort(),
      notes: `Release ${target} of the ${stackName} stack.`,
    },
    approvals: {},
    approvalDelay,
    approver,
    log,
  };

  const facts: Fact[] = [
    { id: 'targetVersion', description: 'the release version to roll out', value: target, guess: guessVersion },
    { id: 'frozenService', description: 'the service under a change freeze', value: frozen, guess: '' },
    {
      id: 'configValue',
      description: `the new ${configKind.key} of ${configService}`,
      value: configValue,
      guess: oldValue,
    },
    {
      id: 'canaryService',
      description: 'the tier-1 service that must go out as a canary',
      value: canaryService,
      guess: '',
    },
    { id: 'changeTicket', description: 'the change ticket of the rollout', value: ticket, guess: oldTicket },
  ];

  const constraints: Constraint[] = [
    {
      id: 'at-version',
      text: `${upgraded.join(', ')} run the release version with no canary left`,
      kind: 'services-at-version',
      params: { services: upgraded, version: target },
      facts: ['targetVersion'],
      scope: 'goal',
      late: false,
    },
    {
      id: 'freeze',
      text: `${frozen} is not changed (change freeze)`,
      kind: 'service-untouched',
      params: { service: frozen },
      facts: ['frozenService'],
      scope: 'invariant',
      late: false,
      forbidsAction: true,
    },
    {
      id: 'config-first',
      text: `${configService} never runs the new release without ${configKind.key}=${configValue}`,
      kind: 'config-before-deploy',
      params: { service: configService, key: configKind.key, value: configValue },
      facts: ['configValue'],
      scope: 'invariant',
      late: false,
    },
    {
      id: 'config',
      text: `${configService} has ${configKind.key}=${configValue}`,
      kind: 'config-equals',
      params: { service: configService, key: configKind.key, value: configValue },
      facts: ['configValue'],
      scope: 'goal',
      late: true,
    },
    {
      id: 'canary',
      text: `${canaryService} goes out as a canary, then is promoted`,
      kind: 'canary-first',
      params: { service: canaryService },
      facts: ['canaryService'],
      scope: 'goal',
      late: true,
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
      id: 'order',
      text: 'No service is deployed before the services it depends on',
      kind: 'dependency-order',
      params: {},
      facts: [],
      scope: 'invariant',
      late: false,
    },
    {
      id: 'unavailable',
      text: `At most ${maxUnavailable} service${maxUnavailable === 1 ? '' : 's'} unavailable at any time`,
      kind: 'max-unavailable',
      params: { max: maxUnavailable },
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
      id: 'no-collateral',
      text: 'No other service or ticket is touched',
      kind: 'no-collateral',
      params: { allow: [...upgraded.map((n) => `services/${n}`), `approvals/${ticket}`] },
      facts: ['frozenService', 'changeTicket'],
      scope: 'invariant',
      late: false,
    },
    {
      id: 'report',
      text: 'The final answer names the release version and the change ticket',
      kind: 'answer-mentions',
      params: { mentions: [target, ticket] },
      facts: ['targetVersion', 'changeTicket'],
      scope: 'goal',
      late: true,
    },
  ];

  // The oracle plan.
  const P = DEPLOY_PLANNER.id;
  const E = DEPLOY_EXECUTOR.id;
  const R = DEPLOY_REVIEWER.id;
  const order = stack.map((s) => s.name);
  const b = new PlanBuilder();
  b.tool(P, 'read_doc', { name: 'change-policy' }, { note: 'window, unavailability limit, approvals' }).tool(
    P,
    'list_services',
    {},
  );
  for (const name of rng.shuffle(order))
    b.tool(P, 'get_service', { service: name }, { note: 'dependencies decide the order' });
  b.tool(P, 'get_config', { service: configService })
    .tool(
      P,
      'read_doc',
      { name: 'release-notes' },
      {
        learn: [{ fact: 'targetVersion', pattern: RELEASE_NOTES_PATTERN }],
        note: 'the release notes name the version',
      },
    )
    .tool(
      P,
      'get_release',
      {},
      {
        learn: [{ fact: 'targetVersion', pattern: MANIFEST_PATTERN }],
        verification: true,
        note: 'the manifest is authoritative',
      },
    )
    .tool(P, 'health', { service: fact('canaryService') });
  for (const name of rng.sample(
    order.filter((n) => n !== canaryService),
    rng.int(0, 3),
  ))
    b.tool(P, 'health', { service: name }, { note: 'a baseline before the rollout' });
  b.tool(P, 'get_approvals', {})
    .tool(P, 'metrics', {})
    .handoff(
      P,
      E,
      `Roll out the release to the ${stackName} stack in this dependency order: ${order.join(' → ')}, skipping the frozen service. First get the change ticket approved, then set ${configKind.key} on ${configService} to the new value before deploying anything. The tier-1 service goes out as a canary (deploy canary, health, promote_canary); the others rolling, with a health check after each. Keep to the change policy: window ticks ${windowFrom}–${windowTo}, at most ${maxUnavailable} unavailable.`,
      FACT_ORDER,
    );
  b.tool(E, 'request_approval', {
    ticket: fact('changeTicket'),
    summary: `Roll out ${fact('targetVersion')} to the ${stackName} stack`,
  })
    .tool(E, 'read_doc', { name: 'change-policy' })
    .tool(E, 'get_service', { service: configService })
    .tool(E, 'get_config', { service: configService })
    .tool(E, 'get_approvals', {}, { note: 'the approval takes a few ticks' })
    .tool(
      E,
      'set_config',
      { service: configService, key: configKind.key, value: fact('configValue'), ticket: fact('changeTicket') },
      { note: 'the new release needs it at startup' },
    )
    .tool(E, 'get_config', { service: configService });
  for (const name of order) {
    if (name === frozen) {
      const when = { op: 'notEquals', left: name, right: fact('frozenService') } as const;
      b.tool(
        E,
        'deploy',
        { service: name, version: fact('targetVersion'), strategy: 'rolling', ticket: fact('changeTicket') },
        { when },
      ).tool(E, 'health', { service: name }, { when });
      continue;
    }
    if (name === canaryService) {
      const isCanary = { op: 'equals', left: name, right: fact('canaryService') } as const;
      const notCanary = { op: 'notEquals', left: name, right: fact('canaryService') } as const;
      b.tool(
        E,
        'deploy',
        { service: name, version: fact('targetVersion'), strategy: 'canary', ticket: fact('changeTicket') },
        { when: isCanary, note: 'tier-1: canary first' },
      )
        .tool(E, 'health', { service: name }, { when: isCanary, note: 'the canary must be healthy before promotion' })
        .tool(
          E,
          'promote_canary',
          { service: name, version: fact('targetVersion'), ticket: fact('changeTicket') },
          { when: isCanary },
        )
        .tool(
          E,
          'deploy',
          { service: name, version: fact('targetVersion'), strategy: 'rolling', ticket: fact('changeTicket') },
          { when: notCanary },
        )
        .tool(E, 'health', { service: name });
      continue;
    }
    b.tool(E, 'deploy', {
      service: name,
      version: fact('targetVersion'),
      strategy: 'rolling',
      ticket: fact('changeTicket'),
    }).tool(E, 'health', { service: name });
  }
  b.tool(E, 'list_services', {})
    .tool(E, 'metrics', {})
    .handoff(
      E,
      R,
      `Done: ${fact('changeTicket')} approved, ${configKind.key} set on ${configService}, and the release deployed across the stack in dependency order (the frozen service left alone, the tier-1 service via canary). Please verify versions, health, the config and the approval.`,
      FACT_ORDER,
    )
    .tool(R, 'list_services', {});
  for (const name of upgraded) b.tool(R, 'health', { service: name });
  b.tool(R, 'get_service', { service: fact('frozenService') }, { note: 'the frozen service must be unchanged' })
    .tool(R, 'logs', { service: fact('canaryService'), since: 0 }, { note: 'the canary was promoted, not rolled' })
    .tool(R, 'get_config', { service: configService });
  if (rng.chance(0.5))
    b.tool(
      R,
      'logs',
      { service: configService, since: windowFrom },
      { note: 'the config change came before the deploy' },
    );
  b.tool(R, 'get_approvals', {})
    .tool(R, 'metrics', {})
    .handoff(
      R,
      P,
      'Verified: every upgraded service runs the release and is healthy, the frozen service is unchanged, the config is set, the canary was promoted and the ticket is approved.',
      [],
    )
    .finish(
      P,
      `Rolled out ${fact('targetVersion')} to ${upgraded.length} services of the ${stackName} stack (${order.filter((n) => n !== frozen).join(', ')}) in dependency order under ${fact('changeTicket')}; ${fact('frozenService')} stays on ${current} (change freeze). Every service is healthy.`,
    );

  const request = rolloutRequest(rng, {
    stackName,
    stack: rng.shuffle(stackNames),
    frozen,
    configService,
    configKey: configKind.key,
    configValue,
    canaryService,
    ticket,
  });
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
  readonly stack: readonly string[];
  readonly frozen: string;
  readonly configService: string;
  readonly configKey: string;
  readonly configValue: string;
  readonly canaryService: string;
  readonly ticket: string;
}

/** The user's words: every constraint and every stated fact value, in seeded wording and order. */
function rolloutRequest(rng: Rng, f: RequestFacts): string {
  const list = f.stack.map((s) => `\`${s}\``).join(', ');
  const intro = sentence(rng, [
    `Please roll out the new release to the ${f.stack.length} services of the ${f.stackName} stack (${list}).`,
    `Time to ship the new ${f.stackName} release: deploy it to ${list}.`,
    `We need the new release live across the ${f.stackName} stack — ${list}.`,
  ]);
  const body = shuffledSentences(rng, [
    [
      'The version is in the release manifest (get_release); if the release notes disagree, the manifest wins.',
      'Take the version from the release manifest (get_release), which is authoritative over the release notes.',
    ],
    [
      `Except \`${f.frozen}\`: it is under a change freeze, so leave it exactly as it is.`,
      `\`${f.frozen}\` is frozen this week — don't change it in any way.`,
    ],
    [
      `The new release of \`${f.configService}\` needs ${f.configKey} set to \`${f.configValue}\`; change it before deploying that service.`,
      `Before \`${f.configService}\` gets the new version, set its ${f.configKey} to \`${f.configValue}\` (the new release will not start otherwise).`,
    ],
    [
      `\`${f.canaryService}\` is tier-1: it has to go out as a canary first and be promoted once healthy.`,
      `Canary \`${f.canaryService}\` (tier-1) before promoting it; roll the others.`,
    ],
    [
      `Do all of it under change ticket ${f.ticket}, and get it approved before changing anything.`,
      `Use change ticket ${f.ticket} for every change; it needs approval first.`,
    ],
    [
      'Follow the change policy (read_doc "change-policy"): the maintenance window, the limit on unavailable services, and dependency order.',
      'Stick to our change policy — maintenance window, unavailability limit, callees before callers (see read_doc "change-policy").',
    ],
    ['Touch no other service.', "Don't change any other service or ticket."],
  ]);
  const outro = sentence(rng, [
    'When done, tell me the version you rolled out and the ticket.',
    'Report back with the version and the change ticket.',
  ]);
  return [intro, ...body, outro].join(' ');
}

/** The rollout task family. */
export const rolloutFamily = defineTaskFamily({
  id: FAMILY_ID,
  version: FAMILY_VERSION,
  description:
    'Roll a release out across a stack of services in dependency order, under an approved ticket and the change policy, with a config change first, a canary for the tier-1 service and a frozen service left alone.',
  world: deployWorld,
  maxEpisodeSteps: 140,
  roles: [DEPLOY_PLANNER, DEPLOY_EXECUTOR, DEPLOY_REVIEWER],
  factOrder: FACT_ORDER,
  build: buildRollout,
});

/** Generates one rollout task without the memo, drawing straight from `rng` (see `generateUnmemoized`). */
export const generateRollout = rolloutFamily.generateUnmemoized;
