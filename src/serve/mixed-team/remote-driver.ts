/**
 * Drives one remote role of a hosted episode: each time the role gets control, one
 * {@link RemoteTurn} goes to its agent (briefing and task on turn 0, then what the role sees) with
 * the role's MCP URL, through which the agent may act while its turn runs. When the reply comes
 * and the role still holds control, an action in the reply's documented JSON form is stepped;
 * a reply without one is stepped as an invalid action (the role sees the env's error and gets
 * another turn), and after `maxRepliesWithoutAction` of them in a row the episode ends as a
 * failure to make progress. A client that fails (unreachable, out of time, breaking the
 * protocol) ends the episode as `provider_error`: the infrastructure's failure, not the team's.
 */
import { digest } from '../../core/canonical.js';
import type { ModelCallRecord } from '../../team/turn.js';
import type { EpisodeHost } from '../mcp/episode-host.js';
import { taskText } from '../mcp/task-text.js';
import { REPLY_ACTION_FORM, replyAction } from '../remote/reply-action.js';
import { RemoteAgentError, type RemoteAgentClient, type RemoteReply, type RemoteTurn } from '../remote/remote-agent.js';

/** What a driver needs. */
export interface RemoteRoleDriverOptions {
  readonly host: EpisodeHost;
  readonly role: string;
  /** The episode's id (stable across re-runs). */
  readonly episodeId: string;
  readonly client: RemoteAgentClient;
  /** The role's MCP endpoint on the episode server. */
  readonly mcpUrl: string;
  /** Wall-clock ms one turn may take. */
  readonly timeoutMs: number;
  readonly maxRepliesWithoutAction: number;
  /** Aborted when the episode ends (or is abandoned). */
  readonly signal: AbortSignal;
  /** Records a finished turn like a model call (the next step of the role carries it). */
  readonly record: (role: string, call: ModelCallRecord) => void;
  /** The next call ordinal of the episode (shared by its roles). */
  readonly nextOrdinal: () => number;
}

/** Drives one remote role until the episode ends (see the module comment). */
export class RemoteRoleDriver {
  private turn = 0;
  private repliesWithoutAction = 0;
  /** Why the last reply was not an action (told to the agent on its next turn). */
  private lastProblem: string | null = null;

  constructor(private readonly options: RemoteRoleDriverOptions) {}

  /** Runs until the episode ends; never throws (failures end the episode). */
  async run(): Promise<void> {
    const { host, role, signal } = this.options;
    while (!host.finished && !signal.aborted) {
      if (!(await host.awaitControl(role, signal))) continue;
      if (host.finished) break;
      let reply: RemoteReply;
      const stepsBefore = host.steps;
      try {
        reply = await this.send();
      } catch (e) {
        // A turn cut short by the end of the episode is no failure.
        if (!host.finished) host.fail('provider_error', this.failureMessage(e), role);
        break;
      }
      if (host.finished || host.holder !== role) {
        // The agent acted through MCP and passed control on (or ended the episode).
        this.repliesWithoutAction = 0;
        continue;
      }
      // Steps taken through MCP during the turn are progress, even if the turn ends without a handoff.
      if (host.steps > stepsBefore) this.repliesWithoutAction = 0;
      const parsed = replyAction(reply);
      if (parsed.ok) {
        this.repliesWithoutAction = 0;
        this.lastProblem = null;
        await host.act(role, parsed.action, signal);
        continue;
      }
      this.repliesWithoutAction += 1;
      this.lastProblem = parsed.reason;
      const { maxRepliesWithoutAction } = this.options;
      if (this.repliesWithoutAction >= maxRepliesWithoutAction) {
        host.fail(
          'failure',
          `remote role "${role}" (${this.where()}) made no progress: ${this.repliesWithoutAction} replies in a row without an action while it held control (last: ${parsed.reason})`,
          role,
        );
        break;
      }
      // Counted like any invalid action: the env rejects it and the role sees why.
      await host.act(role, { type: 'no_action', reply: reply.text.slice(0, 2000) }, signal);
    }
  }

  /** Sends one turn, bounded by the turn's time and the episode's end. */
  private async send(): Promise<RemoteReply> {
    const { role, client, timeoutMs, signal } = this.options;
    const controller = new AbortController();
    const abort = (reason: unknown) => controller.abort(reason);
    const onEnd = () => abort(signal.reason);
    signal.addEventListener('abort', onEnd, { once: true });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new RemoteAgentError(
          client.protocol,
          client.endpoint,
          'timeout',
          `no reply within ${timeoutMs / 1000} s`,
        );
        reject(error);
        abort(new DOMException(error.message, 'TimeoutError'));
      }, timeoutMs);
    });
    const ended = new Promise<never>((_, reject) =>
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true }),
    );
    const number = this.turn;
    const turn = this.buildTurn(number, controller.signal);
    this.turn += 1;
    const started = performance.now();
    try {
      const reply = await Promise.race([client.send(turn), timedOut, ended]);
      this.options.record(role, this.callRecord(number, reply, performance.now() - started));
      return reply;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onEnd);
      // The turn is over either way: whatever the client still holds for it may stop.
      if (!controller.signal.aborted) controller.abort(new DOMException('the turn is over', 'AbortError'));
    }
  }

  private buildTurn(number: number, signal: AbortSignal): RemoteTurn {
    const { host, role, episodeId, mcpUrl } = this.options;
    const observation = host.observationFor(role);
    const problem = this.lastProblem
      ? `Your last reply carried no action (${this.lastProblem}); it was counted as an invalid action.\n\n`
      : '';
    const briefing = host.start.roles.find((r) => r.id === role);
    const how = `You can act through the MCP server at ${mcpUrl} (its tools are your role's tools and team actions) while this turn runs. ${REPLY_ACTION_FORM}`;
    const text =
      number === 0
        ? `${taskText(host.start, role, observation)}\n\n## How to act\n${how}`
        : `${problem}## What you see now\n${observation.text}`;
    return {
      episodeId,
      role,
      turn: number,
      text,
      data: {
        role,
        turn: number,
        ...(number === 0 && briefing ? { briefing, task: taskText(host.start, role, observation) } : {}),
        observation,
        ...(this.lastProblem ? { problem: this.lastProblem } : {}),
        actionForm: REPLY_ACTION_FORM,
        mcp: { url: mcpUrl },
      },
      mcp: { url: mcpUrl },
      signal,
    };
  }

  /** A finished turn, recorded like a model call (no tokens; latency stays outside the digest). */
  private callRecord(number: number, reply: RemoteReply, latencyMs: number): ModelCallRecord {
    const { client, role, episodeId } = this.options;
    const ordinal = this.options.nextOrdinal();
    return {
      key: digest({ episodeId, role, turn: number, ordinal, endpoint: client.endpoint }),
      ordinal,
      model: `${client.protocol} ${client.endpoint}`,
      message: { content: reply.text, toolCalls: [] },
      usage: { promptTokens: 0, completionTokens: 0, cachedTokens: 0 },
      costUsd: null,
      latencyMs: Math.round(latencyMs),
      attempts: [],
    };
  }

  private where(): string {
    return `${this.options.client.protocol} ${this.options.client.endpoint}`;
  }

  private failureMessage(e: unknown): string {
    const { role } = this.options;
    const kind = e instanceof RemoteAgentError ? e.failure : 'protocol';
    const message = e instanceof Error ? e.message || e.name : String(e);
    return `remote role "${role}" (${this.where()}) failed on turn ${this.turn - 1}: ${kind}: ${message}. Fix: check that the agent runs and answers at that endpoint (remote.timeoutSeconds and remote.retries in the team file bound each turn); faultline run --resume re-runs the episode.`;
  }
}
