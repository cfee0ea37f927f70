/**
 * The live episodes of an MCP HTTP server: each one an {@link EpisodeHost} with the MCP
 * sessions attached to it, an idle timer that closes it when no request has touched it for a
 * while, and — with a {@link HostedRun} — its record written to the run directory when it ends.
 * At most `maxEpisodes` episodes are live at once; an ended episode frees its slot at once, and
 * its sessions are closed as soon as the responses still on their way have been sent.
 */
import { randomUUID } from 'node:crypto';
import { FaultlineError } from '../../core/errors.js';
import { spec } from '../../core/registry.js';
import type { EpisodeRecord } from '../../run/records.js';
import type { EpisodeResult } from '../../team/episode.js';
import type { HostedRun } from '../hosted-run.js';
import { EpisodeHost, type EpisodeHostOptions } from './episode-host.js';
import { worldSizeOf } from '../../world/world-size.js';

/** A request for an episode beyond the cap of live episodes. */
export class EpisodeCapError extends FaultlineError {
  override name = 'EpisodeCapError';
  constructor(readonly cap: number) {
    super(`${cap} episodes are live (the cap); close one or raise --max-episodes.`);
  }
}

/** Something that can be closed when its episode is done with: an MCP session's transport. */
export interface ClosableSession {
  close(): Promise<void>;
}

/** One episode of the registry. */
export interface RegisteredEpisode {
  readonly id: string;
  readonly host: EpisodeHost;
  /** The team id and trial it is recorded under. */
  readonly team: string;
  readonly trial: number;
  /** The perturbation profile. */
  readonly perturb: string;
  /** Resolves once the episode ended and was recorded (null without a run, or when not recorded). */
  readonly recorded: Promise<EpisodeRecord | null>;
}

interface Entry extends RegisteredEpisode {
  readonly sessions: Set<ClosableSession>;
  readonly timer: NodeJS.Timeout;
  /** Requests being answered now (their responses must go out before the sessions close). */
  inFlight: number;
  /** Set when the episode is dropped without a record (its first session never started). */
  discarded: boolean;
}

/** How the registry runs. */
export interface EpisodeRegistryOptions {
  readonly maxEpisodes: number;
  readonly idleTimeoutMs: number;
  readonly run: HostedRun | null;
  /** Told about what could not be done in the background (a record that could not be written). */
  readonly onProblem?: (message: string) => void;
  /** Told about every episode that ended, after it was recorded (record null without a run). */
  readonly onEnded?: (result: EpisodeResult, record: EpisodeRecord | null) => void;
}

/** Ended episodes whose state `GET /episodes/ID` still answers (the oldest are forgotten first). */
const ENDED_KEPT = 1024;

/** The episodes of one server. */
export class EpisodeRegistry {
  private readonly entries = new Map<string, Entry>();
  private live = 0;
  private closed = false;

  constructor(private readonly options: EpisodeRegistryOptions) {}

  /** Live (unended) episodes. */
  get size(): number {
    return this.live;
  }

  /**
   * Opens an episode. Throws {@link EpisodeCapError} at the cap, `InvalidArgumentError` for bad
   * options, and `FaultlineError` for a trial already recorded or playing in the run.
   */
  open(options: EpisodeHostOptions): RegisteredEpisode {
    if (this.closed) throw new FaultlineError('The server is stopping: it opens no new episodes.');
    if (this.live >= this.options.maxEpisodes) throw new EpisodeCapError(this.options.maxEpisodes);
    const run = this.options.run;
    const env = spec(options.env).id;
    const team = options.team ?? 'mcp';
    const variant = options.variant ?? 0;
    const sized = worldSizeOf(options.worldSize, 'worldSize');
    const trial = run
      ? run.reserve({
          envId: env,
          team,
          seed: options.seed,
          variant,
          ...sized,
          ...(options.trial !== undefined ? { trial: options.trial } : {}),
        })
      : (options.trial ?? 0);
    const key = { envId: env, team, seed: options.seed, variant, ...sized, trial };
    let host: EpisodeHost;
    try {
      host = EpisodeHost.open({ ...options, env, team, trial });
    } catch (e) {
      run?.release(key);
      throw e;
    }
    const id = randomUUID();
    const timer = setTimeout(
      () => host.close(`idle: no request reached the episode for ${this.options.idleTimeoutMs} ms`),
      this.options.idleTimeoutMs,
    );
    // The timer is for reaping only: it must never keep a process alive.
    timer.unref();
    // The result settles after this function returns, so `entry` is set by the time it is read.
    const entry: Entry = {
      id,
      host,
      team,
      trial,
      perturb: options.perturb ?? 'clean',
      recorded: host.result.then((result) => this.ended(entry, result, key)),
      sessions: new Set(),
      timer,
      inFlight: 0,
      discarded: false,
    };
    this.entries.set(id, entry);
    this.live += 1;
    return entry;
  }

  /** The episode `id` (live, or ended and still remembered), or undefined. */
  get(id: string): RegisteredEpisode | undefined {
    return this.entries.get(id);
  }

  /** Marks a request that touches episode `id` without awaiting an answer (resets its idle timer). */
  touch(id: string): void {
    const entry = this.entries.get(id);
    if (entry && !entry.host.finished) entry.timer.refresh();
  }

  /** Marks a request to episode `id` (resets its idle timer); call the returned function when answered. */
  begin(id: string): () => void {
    const entry = this.entries.get(id);
    if (!entry) return () => {};
    entry.inFlight += 1;
    if (!entry.host.finished) entry.timer.refresh();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      entry.inFlight -= 1;
      if (entry.host.finished) this.closeSessionsWhenQuiet(entry);
    };
  }

  /** Adds a session to episode `id`; it is closed when the episode has ended. */
  addSession(id: string, session: ClosableSession): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.sessions.add(session);
    if (entry.host.finished) this.closeSessionsWhenQuiet(entry);
  }

  /** Forgets a session that closed by itself. */
  removeSession(id: string, session: ClosableSession): void {
    this.entries.get(id)?.sessions.delete(session);
  }

  /** Ends an episode whose first session never started: no record, its trial is free again. */
  discard(id: string, reason: string): void {
    const entry = this.entries.get(id);
    if (!entry || entry.host.finished) return;
    entry.discarded = true;
    entry.host.close(reason);
  }

  /** Ends every live episode with `reason` and waits until each is recorded and its sessions closed. */
  async closeAll(reason: string): Promise<void> {
    this.closed = true;
    const entries = [...this.entries.values()];
    for (const entry of entries) entry.host.close(reason);
    await Promise.all(entries.map((e) => e.recorded));
    await Promise.all(entries.flatMap((e) => [...e.sessions].map((s) => s.close().catch(() => {}))));
  }

  /** Never throws: `recorded` must settle, and a rejection nobody awaits would stop the process. */
  private ended(entry: Entry, result: EpisodeResult, key: Parameters<HostedRun['release']>[0]): EpisodeRecord | null {
    try {
      const record = this.record(entry, result, key);
      if (!entry.discarded) this.options.onEnded?.(result, record);
      return record;
    } catch (e) {
      this.options.onProblem?.(`after episode ${entry.id} ended: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    }
  }

  private record(entry: Entry, result: EpisodeResult, key: Parameters<HostedRun['release']>[0]): EpisodeRecord | null {
    clearTimeout(entry.timer);
    this.live -= 1;
    this.forgetOldEnded();
    this.closeSessionsWhenQuiet(entry);
    const run = this.options.run;
    if (!run) return null;
    if (entry.discarded) {
      run.release(key);
      return null;
    }
    try {
      return run.record(result, entry.host.maxSteps);
    } catch (e) {
      this.options.onProblem?.(
        `episode ${result.envId} seed ${result.seed} trial ${result.trial} could not be recorded in ${run.dir}: ${e instanceof Error ? e.message : String(e)}`,
      );
      return null;
    }
  }

  /** Closes an ended episode's sessions once no response is on its way (the last one may say how it ended). */
  private closeSessionsWhenQuiet(entry: Entry): void {
    if (entry.inFlight > 0 || entry.sessions.size === 0) return;
    const sessions = [...entry.sessions];
    entry.sessions.clear();
    // After the current turn: the response being written now goes out first.
    setImmediate(() => {
      for (const session of sessions) void session.close().catch(() => {});
    });
  }

  private forgetOldEnded(): void {
    let ended = this.entries.size - this.live;
    for (const [id, entry] of this.entries) {
      if (ended <= ENDED_KEPT) break;
      if (entry.host.finished && entry.sessions.size === 0 && entry.inFlight === 0) {
        this.entries.delete(id);
        ended -= 1;
      }
    }
  }
}
