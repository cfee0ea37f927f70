import { describe, expect, it } from 'vitest';
import { planRanker } from '../../src/run/plan-rank.js';
import { planEpisodes, shardKeys } from '../../src/run/plan.js';
import { episodeId } from '../../src/run/episode-id.js';

const PLAN = {
  envs: ['a-world/fam-v1', 'b/other-v2'],
  teams: ['my_team__x', 'oracle'],
  seeds: [0, 3, 7, 120],
  variants: 2,
  trials: 3,
};

describe('planRanker', () => {
  it('gives each id its index in the plan, and in each shard its index in the shard', () => {
    const keys = planEpisodes({ ...PLAN, envIds: PLAN.envs, teamIds: PLAN.teams });
    for (const shard of [undefined, { index: 1, count: 3 }, { index: 3, count: 3 }]) {
      const rank = planRanker(PLAN, shard);
      const mine = shardKeys(keys, shard);
      expect(mine.map((k) => rank(episodeId(k)))).toEqual(mine.map((_, i) => i));
      const others = keys.filter((k) => !mine.includes(k));
      for (const k of others) expect(rank(episodeId(k))).toBeUndefined();
    }
  });

  it('knows no id outside the plan, nor another spelling of a planned one', () => {
    const rank = planRanker(PLAN);
    for (const id of [
      'a-world.fam-v1__oracle__s1__t0',
      'a-world.fam-v1__oracle__s3__t3',
      'a-world.fam-v1__oracle__s3__v2__t0',
      'a-world.fam-v1__oracle__s03__t0',
      'a-world.fam-v1__oracle__s3__v0__t0',
      'c.fam-v1__oracle__s3__t0',
      'a-world.fam-v1__random__s3__t0',
      'nonsense',
    ])
      expect(rank(id), id).toBeUndefined();
    expect(rank('a-world.fam-v1__oracle__s3__t0')).toBeTypeOf('number');
  });

  it('ranks the ids of a sized plan, and only at its size', () => {
    const keys = planEpisodes({ ...PLAN, envIds: PLAN.envs, teamIds: PLAN.teams, worldSize: 300 });
    const sized = planRanker({ ...PLAN, worldSize: 300 });
    expect(keys.map((k) => sized(episodeId(k)))).toEqual(keys.map((_, i) => i));
    expect(sized('a-world.fam-v1__oracle__s3__w300__t0')).toBeTypeOf('number');
    expect(sized('a-world.fam-v1__oracle__s3__v1__w300__t2')).toBeTypeOf('number');
    for (const id of ['a-world.fam-v1__oracle__s3__t0', 'a-world.fam-v1__oracle__s3__w1000__t0'])
      expect(sized(id), id).toBeUndefined();
    expect(planRanker(PLAN)('a-world.fam-v1__oracle__s3__w300__t0')).toBeUndefined();
  });
});
