/**
 * One `faultline run` with a team of each kind of bad agent program (from team files): every
 * episode is recorded with the right outcome and the program's stderr tail, the run completes,
 * and no program is left running.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRecordedEpisodes } from '../../../src/run/recorder.js';
import { cliInProcess } from '../../support/cli.js';
import { FULL } from '../../support/sizes.js';
import { agentCommand, groupMembersAfterStop } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-team-cmd-bad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A team file for the fixture program misbehaving as `kind`. */
function teamFile(kind: string, extra: Record<string, unknown> = {}): string {
  const path = join(dir, `${kind}.json`);
  writeFileSync(path, JSON.stringify({ id: kind, command: agentCommand(`--misbehave ${kind}`), ...extra }));
  return path;
}

describe('faultline run with bad agent programs', () => {
  it('records each failure with its outcome and stderr tail, and completes the run', async (ctx) => {
    ctx.skip(!FULL, 'starts eight programs: runs in `npm run test:full`');
    const files = [
      teamFile('crash'),
      teamFile('exit-mid'),
      // 3 s, not 1: on a loaded machine a program can take a second to start and say why it hangs.
      teamFile('hang', { timeoutSeconds: 3 }),
      teamFile('garbage', { maxOutputMB: 1 }),
    ];
    const out = join(dir, 'run');
    const r = await cliInProcess([
      'run',
      '--env',
      'filesystem/rename-symbol-v1',
      '--seeds',
      '0-1',
      '--team-file',
      files.join(','),
      '--concurrency',
      '4',
      '--out',
      out,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const { records } = readRecordedEpisodes(out, { verifyTrajectories: true });
    const byTeam = Object.fromEntries(records.filter((x) => x.seed === 0).map((x) => [x.team, x]));
    expect(records).toHaveLength(8);
    expect(byTeam['crash']).toMatchObject({ outcome: 'agent_error' });
    expect(byTeam['crash']?.error?.message).toMatch(/exited with code 3 .*crashing at start on purpose/s);
    // Without --actions or a model the program has nothing to decide with: it leaves at once.
    expect(byTeam['exit-mid']?.error?.message).toMatch(/exited with code 2 .*nothing to decide with/s);
    expect(byTeam['hang']).toMatchObject({ outcome: 'timeout' });
    expect(byTeam['hang']?.error?.message).toMatch(/within 3 s .*hanging on purpose/s);
    expect(byTeam['garbage']?.error?.message).toMatch(/wrote more than its output limit/);
    for (const hung of records.filter((x) => x.team === 'hang'))
      expect(await groupMembersAfterStop(Number(/pid (\d+)/.exec(hung.error?.message ?? '')?.[1]))).toEqual([]);
  });
});
