/** The CLI lists the validity teams from a light list; it must stay the experiment's own. */
import { expect, it } from 'vitest';
import { VALIDITY_TEAMS } from '../../src/run/validity.js';
import { VALIDITY_TEAM_IDS } from '../../src/run/validity/team-ids.js';

it('VALIDITY_TEAM_IDS are the ids of VALIDITY_TEAMS, in report order', () => {
  expect(VALIDITY_TEAM_IDS).toEqual(VALIDITY_TEAMS.map((t) => t.id));
});
