/**
 * Team colours: each team's colour follows from its id, not from its position among the run's
 * teams, so the oracle has the same colour in every report that shows it. The palette is
 * colour-blind-aware (Paul Tol's "muted" scheme with Okabe–Ito's blue and a brown) and keeps clear
 * of the outcome colours, so no team reads as "success" green or "failure" vermilion. Colour is
 * never the only carrier of meaning: every bar, line and table row also names its team.
 */
import { hashString } from '../../core/rng.js';

/**
 * The team palette. Every colour is at least 20 CIELAB ΔE*ab from every other and from every
 * outcome colour (test/report/team-colours.test.ts measures it). The order is the slot order of
 * {@link preferredSlot}; it is arranged so that the built-in teams read well: the oracle blue,
 * the baselines light (sand, cyan), the flawed reference teams the darker, warmer colours.
 */
export const TEAM_PALETTE: readonly string[] = [
  '#AA4499', // purple (credulous)
  '#999933', // olive (drifting)
  '#DDCC77', // sand (noop)
  '#332288', // indigo
  '#882255', // wine (lossy-handoff)
  '#8C564B', // brown (brittle)
  '#0072B2', // blue (oracle)
  '#88CCEE', // cyan (random)
];

/**
 * The salt of the hash. With it the seven built-in teams (brittle, credulous, drifting,
 * lossy-handoff, noop, oracle, random) fall into seven different slots, so any run of built-in
 * teams shows each in its own colour, whichever of them the run includes.
 */
const SALT = 'team-colour/35:';

/** The palette slot a team asks for: a stable hash of its id. */
export function preferredSlot(team: string): number {
  return hashString(`${SALT}${team}`) % TEAM_PALETTE.length;
}

/**
 * The colour of each team of one report. Each team takes the slot its id hashes to; when two
 * teams want the same slot, the teams are served in sorted id order and a later one takes the
 * next free slot (wrapping around), so the assignment depends only on the set of teams and a
 * team keeps its colour across runs unless another team of the run got to its slot first. With
 * more teams than colours, colours repeat only once every slot is taken.
 */
export function assignTeamColours(teams: readonly string[]): ReadonlyMap<string, string> {
  const sorted = [...new Set(teams)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const size = TEAM_PALETTE.length;
  const taken = new Set<number>();
  const out = new Map<string, string>();
  for (const team of sorted) {
    let slot = preferredSlot(team);
    while (taken.has(slot)) slot = (slot + 1) % size;
    taken.add(slot);
    // Every colour is in use: start a second round, again from each team's own slot.
    if (taken.size === size) taken.clear();
    out.set(team, TEAM_PALETTE[slot] as string);
  }
  return out;
}
