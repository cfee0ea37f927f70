/**
 * What a command team needs from the MCP HTTP server (one episode per program run, reached at
 * its team or role URL) and from the model proxy (a base URL per episode and role, and the model
 * calls behind each step).
 */
import type { EpisodeHost, EpisodeHostOptions } from '../mcp/episode-host.js';
import type { StepTurn } from '../../team/turn.js';
import type { Closable } from './shared-service.js';

/** What the command team asks the MCP server to host. */
export interface CommandEpisodeOptions extends EpisodeHostOptions {
  /** The model calls behind the action a role is about to take (stored with its step). */
  readonly turnOf?: (role: string) => StepTurn | undefined;
}

/** An episode hosted on the MCP HTTP server. */
export interface HostedEpisode {
  readonly id: string;
  readonly host: EpisodeHost;
  /** The MCP endpoint of the whole team, and of each role. */
  readonly urls: { readonly team: string; readonly roles: Readonly<Record<string, string>> };
}

/** The MCP HTTP server, as a command team uses it. */
export interface EpisodeServer extends Closable {
  openEpisode(options: CommandEpisodeOptions): HostedEpisode | Promise<HostedEpisode>;
}

/** The model proxy, as a command team uses it. */
export interface EpisodeModelProxy extends Closable {
  /** The OpenAI-compatible base URL the programs of `role` in episode `episodeId` call. */
  baseUrlFor(episodeId: string, role: string | null): string;
  /** The model calls made for `role` since its last step (attached to its next step). */
  takeTurn(episodeId: string, role: string): StepTurn | undefined;
  /** Forgets an episode. */
  endEpisode(episodeId: string): void;
}
