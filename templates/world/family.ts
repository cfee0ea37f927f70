/**
 * The `__world__/tag-records` task family: tag every record of one folder, leave a second folder
 * alone. `build` draws everything that varies from the seed's `rng` and from nothing else; the
 * plan is the oracle's privileged solution, written with `{{fact:ID}}` placeholders so the same
 * plan also tells the handoff audit which facts each role needs.
 */
import { PlanBuilder, defineTaskFamily, fact, type Constraint, type Fact } from 'faultline/authoring';
import type { __World__State, StoredRecord } from './state.js';
import { world } from './world.js';

const FOLDERS = ['inbox/', 'archive/', 'drafts/', 'shared/'];
const WORDS =
  'alder birch cedar delta ember fjord grove harbor iris juniper kestrel linden maple nectar orchid pine'.split(' ');
const TAGS = ['urgent', 'reviewed', 'legal-hold', 'follow-up', 'q3-budget', 'keep'];

/** The seats of the team: the planner receives the request and gives the final answer. */
const ROLES = [
  {
    id: 'planner',
    description: 'Reads the request, finds the records, briefs the executor and gives the final answer.',
    tools: ['list_records', 'read_record'],
    canFinish: true,
  },
  { id: 'executor', description: 'Tags the records.', tools: ['read_record', 'tag_record'], canFinish: false },
  {
    id: 'reviewer',
    description: 'Checks every tagged record and reports back to the planner.',
    tools: ['list_records', 'read_record'],
    canFinish: false,
  },
];

/** The `tag-records` family; its env id is `__world__/tag-records-v1`. */
export const family = defineTaskFamily<__World__State>({
  id: 'tag-records',
  version: 1,
  description: 'Tag every record of one folder and leave another folder alone.',
  world,
  maxEpisodeSteps: 100,
  roles: ROLES,
  factOrder: ['folder', 'tag'],
  build(rng) {
    const [folder, other] = rng.sample(FOLDERS, 2) as [string, string];
    const tag = rng.pick(TAGS);
    const words = rng.sample(WORDS, rng.int(9, 14)).sort();

    // Both folders hold the same names, so a team that tags the wrong folder breaks the invariant.
    const records: Record<string, StoredRecord> = {};
    for (const word of words) {
      records[`${folder}${word}`] = { text: `${word}, version ${rng.int(2, 9)}`, tags: [] };
      records[`${other}${word}`] = { text: `${word}, version 1`, tags: [] };
    }

    const facts: Fact[] = [
      { id: 'folder', description: 'the folder to work in', value: folder, guess: other },
      { id: 'tag', description: 'the tag to add', value: tag, guess: 'todo' },
    ];
    const constraints: Constraint[] = [
      {
        id: 'folder-tagged',
        text: `every record under ${folder} has the tag ${tag}`,
        kind: 'tagged',
        params: { prefix: folder, tag, expected: 'all' },
        facts: ['folder', 'tag'],
        scope: 'goal',
        late: false,
      },
      {
        id: 'other-untagged',
        text: `no record under ${other} gets the tag ${tag}`,
        kind: 'tagged',
        params: { prefix: other, tag, expected: 'none' },
        facts: ['tag'],
        scope: 'invariant',
        late: false,
        // "Never tag the other folder": tagging it and untagging it again still fails.
        forbidsAction: true,
      },
    ];

    const name = (word: string): string => `${fact('folder')}${word}`;
    const plan = new PlanBuilder()
      .tool('planner', 'list_records', { prefix: fact('folder') }, { note: 'find the records to tag' })
      .handoff(
        'planner',
        'executor',
        `Tag every record under ${fact('folder')} with ${fact('tag')}. Do not touch the other folders.`,
        ['folder', 'tag'],
      );
    for (const word of words)
      plan
        .tool('executor', 'read_record', { name: name(word) })
        .tool('executor', 'tag_record', { name: name(word), tag: fact('tag') });
    plan.handoff(
      'executor',
      'reviewer',
      `I tagged the ${words.length} records under ${fact('folder')} with ${fact('tag')}; please check them.`,
      ['folder', 'tag'],
    );
    for (const word of words) plan.tool('reviewer', 'read_record', { name: name(word) }, { verification: true });
    plan
      .handoff('reviewer', 'planner', `Every record under ${fact('folder')} has the tag ${fact('tag')}.`, [
        'folder',
        'tag',
      ])
      .finish('planner', `Tagged the ${words.length} records under ${fact('folder')} with ${fact('tag')}.`);

    return {
      request: `Please tag every record under ${folder} with the tag "${tag}". Leave the records under ${other} exactly as they are: they are older copies. When you are done, tell me how many records you tagged.`,
      facts,
      constraints,
      world: { records },
      plan,
      // The simulated user's answers to clarifying questions, matched by keyword: an ambiguity
      // perturbation blurs a fact in the request, and a correct team asks.
      clarifications: [
        { keywords: ['folder'], answer: `The folder is ${folder}.` },
        { keywords: ['tag'], answer: `The tag is "${tag}".` },
      ],
    };
  },
});
