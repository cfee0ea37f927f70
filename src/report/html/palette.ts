/**
 * Colours. Categorical colours are the Okabe–Ito palette, chosen because its members stay
 * distinguishable under the common forms of colour-blindness; every chart also labels its
 * series in a legend and prints the numbers, so colour is never the only carrier of meaning.
 */
import type { FailureMode } from '../../metrics/modes.js';
import type { RecoveryClass } from '../../metrics/recovery.js';

/** Okabe–Ito, in the order series get them (black last: it doubles as the text colour). */
export const CATEGORICAL: readonly string[] = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#000000',
];

/** The colour of the i-th series (cycles after eight). */
export function seriesColour(i: number): string {
  return CATEGORICAL[i % CATEGORICAL.length] as string;
}

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
