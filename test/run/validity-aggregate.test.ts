/**
 * The validity experiment's figures from hand-made episodes: detection is taken over triggered
 * episodes only, false positives over every episode of a quiet team, attribution over judged
 * episodes of the teams a metric is for; the Markdown names every team and metric.
 */
import { describe, expect, it } from 'vitest';
import {
  metricStatements,
  metricStatementsMarkdown,
  validityRows,
  confusionMatrixMarkdown,
  detectionMarkdown,
  type ValidityEpisode,
  type ValidityTeam,
} from '../../src/run/validity.js';

function team(id: string, expected: ValidityTeam['expected']): ValidityTeam {
  return {
    id,
    home: 'p',
    origin: 'probe',
    create: () => {
      throw new Error('not run');
    },
    expected,
    triggered: () => false,
    attribution: () => null,
  };
}

function episode(teamId: string, part: Partial<ValidityEpisode>): ValidityEpisode {
  return {
    env: 'e',
    team: teamId,
    profile: 'p',
    seed: 0,
    success: true,
    modes: [],
    triggered: false,
    primaryRight: null,
    ...part,
  };
}

const TEAMS = [team('quiet', null), team('loser', 'handoffContextLoss')];
const EPISODES: ValidityEpisode[] = [
  episode('quiet', {}),
  episode('quiet', { modes: ['handoffContextLoss'] }),
  episode('quiet', {}),
  episode('quiet', {}),
  // Flagged but untriggered: counts in the matrix, not in detection.
  episode('loser', { modes: ['handoffContextLoss'] }),
  episode('loser', { triggered: true, success: false, modes: ['handoffContextLoss'], primaryRight: true }),
  episode('loser', { triggered: true, success: false, modes: ['handoffContextLoss'], primaryRight: false }),
  episode('loser', { triggered: true, modes: [] }),
];

describe('validity figures', () => {
  it('rows: detection over triggered episodes, the matrix over all', () => {
    const [quiet, loser] = validityRows(EPISODES, TEAMS, ['p']);
    expect(quiet).toMatchObject({ team: 'quiet', expected: null, anyMode: 0.25, ownModeWhenTriggered: null });
    expect(loser).toMatchObject({ triggered: 3, primaryJudged: 2, primaryRight: 0.5 });
    expect(loser?.flagged.handoffContextLoss).toBe(0.75);
    expect(loser?.ownModeWhenTriggered).toBeCloseTo(2 / 3);
  });

  it('per metric: sensitivity, false positives on each quiet team, attribution', () => {
    const [loss] = metricStatements(EPISODES, TEAMS);
    expect(loss?.mode).toBe('handoffContextLoss');
    expect(loss?.sensitivity).toEqual([{ team: 'loser', rate: 2 / 3, n: 3 }]);
    expect(loss?.falsePositives).toEqual([{ team: 'quiet', rate: 0.25, n: 4 }]);
    expect(loss?.attribution).toEqual({ rate: 0.5, n: 2 });
    expect(metricStatements(EPISODES, TEAMS)).toHaveLength(1);
  });

  it('markdown names every team, the own mode in bold, and each metric', () => {
    const rows = validityRows(EPISODES, TEAMS, ['p']);
    expect(confusionMatrixMarkdown(rows, 'p')).toContain('| loser | context loss | 50% | 0% | **75%** |');
    expect(detectionMarkdown(rows)).toContain('| quiet | flagged, any mode | 25% |');
    expect(detectionMarkdown(rows)).toContain('| loser | context loss when triggered | 67% (n=3) |');
    expect(metricStatementsMarkdown(metricStatements(EPISODES, TEAMS))).toContain(
      '| context loss | loser 67% (n=3) | 25% (n=4) | 50% (n=2) |',
    );
  });
});
