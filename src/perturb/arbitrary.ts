/**
 * Fault plans as fast-check arbitraries, for property-based robustness tests: "for all seeds and
 * plans, team T succeeds". An arbitrary yields abstract choices (which perturbation type, which of
 * its candidate sites, which parameters) that {@link materializeFaultPlan} turns into the concrete
 * plan for a given task, so fast-check shrinks a failure to the fewest perturbations at the
 * earliest sites.
 */
import fc from 'fast-check';
import { make } from '../core/registry.js';
import type { PlannedPerturbation } from '../team/perturbation.js';
import { teamModelOf, teamStateOf } from '../team/team-env.js';
import type { Task, World } from '../team/world.js';
import { CATALOG, perturbationType } from './catalog/index.js';
import { choiceRng } from './choice-rng.js';
import { withTaskPath } from './path.js';

/** One abstract perturbation: a catalog type, a site index and a parameter number. */
export interface FaultChoice {
  readonly type: string;
  /** Index into the type's candidate sites (0 = the earliest). */
  readonly site: number;
  readonly param: number;
}

/** Options of {@link faultChoicesArbitrary}. */
export interface FaultChoicesOptions {
  /** Perturbation types to draw from. @defaultValue every catalog type */
  readonly types?: readonly string[];
  /** @defaultValue 0 */
  readonly minLength?: number;
  /** @defaultValue 3 */
  readonly maxLength?: number;
}

/** An arbitrary of fault choices; shrinks to fewer choices with smaller site and parameter numbers. */
export function faultChoicesArbitrary(options: FaultChoicesOptions = {}): fc.Arbitrary<FaultChoice[]> {
  const types = options.types ?? CATALOG.map((t) => t.id);
  for (const t of types)
    if (!perturbationType(t))
      throw new Error(
        `faultChoicesArbitrary: unknown perturbation type "${t}" (known: ${CATALOG.map((c) => c.id).join(', ')})`,
      );
  const choice = fc.record({
    type: fc.constantFrom(...types),
    site: fc.nat({ max: 63 }),
    param: fc.nat({ max: 1_000_000 }),
  });
  return fc.array(choice, { minLength: options.minLength ?? 0, maxLength: options.maxLength ?? 3 });
}

/** The concrete fault plan of `choices` for a task (choices that fit no site are dropped). */
export function faultPlanFor(
  task: Task<unknown>,
  world: World<unknown>,
  choices: readonly FaultChoice[],
): PlannedPerturbation[] {
  const plan: PlannedPerturbation[] = [];
  const taken = new Set<string>();
  for (const c of choices) {
    const type = perturbationType(c.type);
    const planned = type?.plan({ task, world }, choiceRng(c.site, c.param));
    if (!type || !planned) continue;
    const key = JSON.stringify(
      planned.params['fact'] !== undefined
        ? { type: type.id, fact: planned.params['fact'] }
        : planned.trigger.on === 'reset'
          ? { type: type.id }
          : planned.trigger,
    );
    if (taken.has(key)) continue;
    taken.add(key);
    plan.push({
      id: `p${plan.length + 1}`,
      type: type.id,
      kind: type.kind,
      site: type.site,
      recovery: type.recovery,
      trigger: planned.trigger,
      params: withTaskPath(type.kind, planned.trigger, planned.params, task, world),
    });
  }
  return plan;
}

/** The concrete fault plan of `choices` for the task of (env id, seed). */
export function materializeFaultPlan(
  envId: string,
  seed: number,
  choices: readonly FaultChoice[],
): PlannedPerturbation[] {
  const env = make(envId);
  env.reset({ seed });
  const task = teamStateOf(env)!.task;
  const world = teamModelOf(env).family.world;
  env.close();
  return faultPlanFor(task, world, choices);
}
