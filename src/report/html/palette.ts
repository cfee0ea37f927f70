/**
 * Colours of classes: outcomes, failure modes, recovery responses (from the Okabe–Ito palette,
 * whose members stay distinguishable under the common forms of colour-blindness), and a
 * sequential ramp. Teams have their own palette, apart from these (team-colours.ts). Every chart
 * also labels its series and prints the numbers, so colour is never the only carrier of meaning.
 */
import type { FailureMode } from '../../metrics/modes.js';
import type { RecoveryClass } from '../../metrics/recovery.js';
import type { EpisodeOutcome } from '../../team/episode.js';

/** Outcome colours: success green, task failures warm, infrastructure errors greys. */
export const OUTCOME_COLOURS: Readonly<Record<EpisodeOutcome, string>> = {
  success: '#009E73',
  failure: '#D55E00',
  gave_up: '#CC79A7',
  truncated: '#E69F00',
  agent_error: '#666666',
  timeout: '#999999',
  env_error: '#333333',
  provider_error: '#BBBBBB',
};

/** One fixed colour per failure mode, the same in every chart. */
export const MODE_COLOURS: Readonly<Record<FailureMode, string>> = {
  alignmentDrift: '#CC79A7',
  handoffContextLoss: '#E69F00',
  cascadingErrors: '#D55E00',
  recoveryFailure: '#0072B2',
  noProgress: '#56B4E9',
  injectionFollowed: '#009E73',
};

/** Recovery classes: handled ones in blues, unhandled ones in warm colours, crashes in grey. */
export const RECOVERY_COLOURS: Readonly<Record<RecoveryClass, string>> = {
  recovered: '#0072B2',
  asked: '#56B4E9',
  ignored_claimed_success: '#D55E00',
  stuck: '#E69F00',
  gave_up: '#CC79A7',
  crashed: '#666666',
};

/**
 * A sequential colour for a value in [0, 1]: light yellow to dark blue (a cividis-like ramp,
 * readable with any colour vision), with the text colour that contrasts with it.
 */
export function sequential(t: number): { fill: string; text: string } {
  const stops: ReadonlyArray<readonly [number, number, number]> = [
    [253, 231, 170],
    [169, 196, 136],
    [83, 152, 134],
    [38, 101, 136],
    [18, 48, 98],
  ];
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const a = stops[i] as readonly [number, number, number];
  const b = stops[i + 1] as readonly [number, number, number];
  const rgb = a.map((v, k) => Math.round(v + ((b[k] as number) - v) * f));
  const hex = `#${rgb.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
  const luminance = 0.2126 * (rgb[0] as number) + 0.7152 * (rgb[1] as number) + 0.0722 * (rgb[2] as number);
  return { fill: hex, text: luminance > 140 ? '#111111' : '#ffffff' };
}
