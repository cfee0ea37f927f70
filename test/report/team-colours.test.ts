import { describe, expect, it } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { REFERENCE_TEAMS } from '../../agents/index.js';
import { OUTCOME_COLOURS } from '../../src/report/html/palette.js';
import { assignTeamColours, preferredSlot, TEAM_PALETTE } from '../../src/report/html/team-colours.js';

/** CIELAB (D65) of a `#rrggbb` colour. */
function lab(hex: string): [number, number, number] {
  const [r, g, b] = [1, 3, 5]
    .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
  const y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
  const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}

/** ΔE*ab (CIE76) between two colours: about 2.3 is just noticeable, 20 clearly different. */
function deltaE(a: string, b: string): number {
  const [p, q] = [lab(a), lab(b)];
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

const BUILTIN_TEAMS = ['brittle', 'credulous', 'drifting', 'lossy-handoff', 'noop', 'oracle', 'random'];

describe('team colours', () => {
  it('keep a team its colour across runs with different team sets', () => {
    const a = assignTeamColours(['oracle', 'random', 'noop']);
    const b = assignTeamColours(['brittle', 'drifting', 'oracle', 'credulous', 'lossy-handoff']);
    const c = assignTeamColours(['oracle']);
    expect(a.get('oracle')).toBe(b.get('oracle'));
    expect(a.get('oracle')).toBe(c.get('oracle'));
    // By position the oracle was the first colour in one run and the second in the other.
    expect(assignTeamColours(['zeta', 'oracle']).get('oracle')).toBe(c.get('oracle'));
    expect(assignTeamColours(['aardvark', 'oracle']).get('oracle')).toBe(c.get('oracle'));
  });

  it('give the built-in teams seven different colours, each its own wherever it appears', () => {
    // A new built-in team needs a check of the salt in team-colours.ts.
    expect(REFERENCE_TEAMS.map((t) => t.id).sort()).toEqual(BUILTIN_TEAMS);
    expect(new Set(BUILTIN_TEAMS.map(preferredSlot)).size).toBe(BUILTIN_TEAMS.length);
    const all = assignTeamColours(BUILTIN_TEAMS);
    expect(new Set(all.values()).size).toBe(BUILTIN_TEAMS.length);
    for (const team of BUILTIN_TEAMS)
      for (const other of BUILTIN_TEAMS)
        expect(assignTeamColours([team, other]).get(team)).toBe(TEAM_PALETTE[preferredSlot(team)]);
  });

  it('are never an outcome colour, nor close to one, and clearly apart from each other', () => {
    const classes = [...Object.values(OUTCOME_COLOURS)];
    for (const c of TEAM_PALETTE) {
      expect(classes).not.toContain(c);
      for (const o of classes) expect(deltaE(c, o), `${c} vs outcome ${o}`).toBeGreaterThan(20);
    }
    for (const [i, c] of TEAM_PALETTE.entries())
      for (const d of TEAM_PALETTE.slice(i + 1)) expect(deltaE(c, d), `${c} vs ${d}`).toBeGreaterThan(20);
  });

  fcTest.prop([fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 20 })])(
    'never share a colour in one report up to the palette size, and do not depend on input order',
    (teams) => {
      const colours = assignTeamColours(teams);
      expect(assignTeamColours([...teams].reverse())).toEqual(colours);
      const used = [...colours.values()];
      expect(new Set(used).size).toBe(Math.min(teams.length, TEAM_PALETTE.length));
      for (const c of used) expect(TEAM_PALETTE).toContain(c);
    },
  );

  fcTest.prop([
    fc.string({ minLength: 1, maxLength: 12 }),
    fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: TEAM_PALETTE.length - 1 }),
  ])('give a team its own colour unless a team sorted before it took it', (team, others) => {
    const teams = [...new Set([team, ...others])];
    const colours = assignTeamColours(teams);
    const own = TEAM_PALETTE[preferredSlot(team)];
    const takenBefore = teams.some((t) => t < team && colours.get(t) === own);
    if (takenBefore) expect(colours.get(team)).not.toBe(own);
    else expect(colours.get(team)).toBe(own);
  });
});
