/**
 * `AsyncVectorEnv`: the sub-envs spread over worker threads (Gymnasium's `AsyncVectorEnv`), each
 * stepped by the same {@link SubEnvSlot} as in {@link SyncVectorEnv}, so results are identical.
 * Every sub-env is checked on the main thread before any worker steps, so a refused call changes
 * nothing; calls must not overlap (await each one).
 */
import type { Info } from '../core/env.js';
import { ClosedEnvironmentError, FaultlineError, InvalidArgumentError, ResetNeededError } from '../core/errors.js';
import { BUILTINS_SETUP } from '../builtins.js';
import type { SetupEntry } from '../run/setup.js';
import { assertActions, parseVectorOptions, planReset } from './args.js';
import { StepGuard } from './guard.js';
import { gatherSteps } from './gather.js';
import { VectorWorkerClient } from './client.js';
import { refusalError, type ResetOutcome } from './reset-each.js';
import type {
  SubStepResult,
  VectorEnvOptions,
  VectorMetadata,
  VectorResetArgs,
  VectorResetResult,
  VectorStepResult,
} from './types.js';

/** Build options of {@link AsyncVectorEnv}. */
export interface AsyncVectorEnvOptions extends VectorEnvOptions {
  /** Worker threads; sub-envs are split among them in contiguous blocks. @defaultValue min(numEnvs, 4) */
  readonly workers?: number;
  /** Setup modules each worker imports first (they register the envs). @defaultValue [the built-ins] */
  readonly setup?: readonly SetupEntry[];
  /** Further modules each worker imports (custom envs). @defaultValue [] */
  readonly imports?: readonly string[];
}

type StepReply = readonly { index: number; result: SubStepResult<unknown> }[];

/** A vector env whose sub-envs live on worker threads. Build it with {@link AsyncVectorEnv.create}. */
export class AsyncVectorEnv<O = unknown> {
  readonly #clients: VectorWorkerClient[];
  /** The worker holding each sub-env. */
  readonly #owner: number[];
  readonly #guards: StepGuard[];
  #observations: (O | undefined)[];
  #busy = false;
  #closed = false;
  /** Set once a worker died: its sub-envs are gone and the others may have moved on alone. */
  #broken: Error | null = null;

  private constructor(
    readonly envId: string,
    readonly numEnvs: number,
    readonly metadata: VectorMetadata,
    clients: VectorWorkerClient[],
    owner: number[],
  ) {
    this.#clients = clients;
    this.#owner = owner;
    this.#guards = owner.map((_, i) => new StepGuard(i, metadata.autoresetMode));
    this.#observations = new Array<O | undefined>(numEnvs).fill(undefined);
  }

  /** Starts the workers and makes the sub-envs; rejects (and stops the workers) if any cannot be made. */
  static async create<O = unknown>(options: AsyncVectorEnvOptions): Promise<AsyncVectorEnv<O>> {
    const o = parseVectorOptions(options);
    const workers = options.workers ?? Math.min(o.numEnvs, 4);
    if (!Number.isInteger(workers) || workers < 1 || workers > o.numEnvs)
      throw new InvalidArgumentError(
        'AsyncVectorEnv(options.workers)',
        workers,
        `an integer in [1, ${o.numEnvs}]`,
        'omit it for min(numEnvs, 4)',
      );
    const per = Math.ceil(o.numEnvs / workers);
    const owner = Array.from({ length: o.numEnvs }, (_, i) => Math.floor(i / per));
    const used = (owner[owner.length - 1] as number) + 1;
    const clients = Array.from({ length: used }, () => new VectorWorkerClient());
    try {
      await Promise.all(
        clients.map((client, w) =>
          client.request({
            type: 'init',
            setup: options.setup ?? [BUILTINS_SETUP],
            imports: options.imports ?? [],
            envId: o.envId,
            makeOptions: o.makeOptions,
            mode: o.autoresetMode,
            indices: owner.flatMap((x, i) => (x === w ? [i] : [])),
          }),
        ),
      );
    } catch (e) {
      await Promise.all(clients.map((c) => c.terminate()));
      throw e;
    }
    return new AsyncVectorEnv<O>(o.envId, o.numEnvs, Object.freeze({ autoresetMode: o.autoresetMode }), clients, owner);
  }

  /** Resets every sub-env, or those `mask` chooses; resolves with every sub-env's current observation. */
  async reset(args: VectorResetArgs = {}): Promise<VectorResetResult<O>> {
    return this.#exclusive('reset', async () => {
      const orders = planReset(this.numEnvs, args);
      const unreset = this.#observations.findIndex((o, i) => o === undefined && !orders.some((x) => x.index === i));
      if (unreset >= 0)
        throw new ResetNeededError(`sub-env ${unreset} has never been reset. Call reset() without a mask first.`);
      const replies = await Promise.all(
        this.#clients.map((client, w) => {
          const mine = orders.filter((x) => this.#owner[x.index] === w);
          return mine.length > 0
            ? (client.request({ type: 'reset', orders: mine }) as Promise<ResetOutcome<unknown>>)
            : Promise.resolve<ResetOutcome<unknown>>({ done: [], refused: [] });
        }),
      );
      const infos: Info[] = new Array<Info>(this.numEnvs).fill({});
      for (const r of replies.flatMap((x) => x.done)) {
        this.#observations[r.index] = r.observation as O;
        infos[r.index] = r.info;
        (this.#guards[r.index] as StepGuard).onReset();
      }
      const refused = replies.flatMap((x) => x.refused).sort((a, b) => a.index - b.index)[0];
      if (refused) throw refusalError(refused);
      return { observations: this.#observations as O[], infos };
    });
  }

  /** Steps every sub-env with its action; ended sub-envs follow the autoreset mode. */
  async step(actions: readonly unknown[]): Promise<VectorStepResult<O>> {
    return this.#exclusive('step', async () => {
      assertActions(this.numEnvs, actions);
      for (const guard of this.#guards) guard.assertCanStep();
      const replies = await Promise.all(
        this.#clients.map(
          (client, w) =>
            client.request({
              type: 'step',
              actions: this.#owner.flatMap((x, i) => (x === w ? [{ index: i, action: actions[i] }] : [])),
            }) as Promise<StepReply>,
        ),
      );
      const results: SubStepResult<O>[] = new Array<SubStepResult<O>>(this.numEnvs);
      for (const r of replies.flat()) {
        results[r.index] = r.result as SubStepResult<O>;
        (this.#guards[r.index] as StepGuard).onStep(r.result.terminated, r.result.truncated);
      }
      const gathered = gatherSteps(results);
      this.#observations = [...gathered.observations];
      return gathered;
    });
  }

  /** Closes every sub-env and stops the workers. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all(this.#clients.map((c) => c.request({ type: 'close' }).catch(() => null)));
    await Promise.all(this.#clients.map((c) => c.terminate()));
  }

  async #exclusive<T>(method: string, body: () => Promise<T>): Promise<T> {
    if (this.#closed)
      throw new ClosedEnvironmentError(`${method}() was called on a closed vector env. Make a new one.`);
    if (this.#broken) throw this.#broken;
    if (this.#busy)
      throw new FaultlineError(`${method}() was called while another call was in flight. Await each call first.`);
    this.#busy = true;
    try {
      return await body();
    } catch (e) {
      const dead = this.#clients.find((c) => c.dead !== null)?.dead;
      if (dead)
        this.#broken = new FaultlineError(
          `This vector env lost a worker (${dead.message}); its sub-envs are gone. Close it and make a new one.`,
        );
      throw this.#broken ?? e;
    } finally {
      this.#busy = false;
    }
  }
}
