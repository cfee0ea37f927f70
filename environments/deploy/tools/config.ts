/** The deploy console's config tools: read a service's KEY=value settings, and change one. */
import * as z from 'zod';
import type { DeployState } from '../state.js';
import { MAX_CONFIG_KEYS, serviceEntity, withService } from '../state.js';
import { own } from '../../../src/world/own.js';
import { defineTool } from '../../../src/world/define-tool.js';
import { fail } from '../../../src/world/fail.js';
import { checkTicket, findService, isOutcome, logged, serviceArg, ticketArg } from './shared.js';

/** `get_config`: a service's config. */
export const getConfig = defineTool({
  name: 'get_config',
  description: "Show a service's config (KEY=value settings).",
  args: z.strictObject({ service: serviceArg }),
  readOnly: true,
  entity: (a) => serviceEntity(a.service),
  run(state: DeployState, args) {
    const s = findService(state, args.service);
    if (isOutcome(s)) return s;
    return { ok: true, result: { service: s.name, config: s.config }, reads: [serviceEntity(s.name)] };
  },
});

/** `set_config`: sets one config key of a service (takes effect at once). */
export const setConfig = defineTool({
  name: 'set_config',
  description:
    'Set one config key of a service under an approved change ticket. Takes effect immediately on the running version (and any canary).',
  args: z.strictObject({
    service: serviceArg,
    key: z.string().min(1).max(60).describe('config key in UPPER_SNAKE_CASE, e.g. "DATABASE_HOST"'),
    value: z.string().max(200).describe('the new value'),
    ticket: ticketArg,
  }),
  readOnly: false,
  entity: (a) => serviceEntity(a.service),
  run(state: DeployState, args, ctx) {
    const s = findService(state, args.service);
    if (isOutcome(s)) return s;
    if (!/^[A-Z][A-Z0-9_]*$/.test(args.key))
      return fail('invalid_key', `config key "${args.key}" must be UPPER_SNAKE_CASE, e.g. "DATABASE_HOST"`);
    const t = checkTicket(state, args.ticket, ctx.clock);
    if (t) return t;
    if (own(s.config, args.key) === args.value)
      return {
        ok: true,
        result: { service: s.name, key: args.key, value: args.value, unchanged: true },
        reads: [serviceEntity(s.name)],
      };
    if (!Object.hasOwn(s.config, args.key) && Object.keys(s.config).length >= MAX_CONFIG_KEYS)
      return fail('config_full', `${s.name} already has ${MAX_CONFIG_KEYS} config keys`);
    const next = withService(state, { ...s, config: { ...s.config, [args.key]: args.value } });
    const out = logged(next, 'config', s.name, args.key, args.ticket, true, ctx.clock);
    if (isOutcome(out)) return out;
    return {
      ok: true,
      result: { service: s.name, key: args.key, value: args.value, previous: own(s.config, args.key) ?? null },
      world: out,
      writes: [serviceEntity(s.name)],
    };
  },
});
