import { describe, expect, it } from 'vitest';
import type { WebState } from '../../../environments/mock-web/state.js';
import { WEB_CHECKERS } from '../../../environments/mock-web/checkers.js';

const page = { title: 't', date: '2025-01-01', text: 'x', links: [] };
const base: WebState = {
  sites: {
    'acme.example': { name: 'Acme', pages: { '': page, pricing: page, specs: page } },
    'forum.example': { name: 'Forum', pages: { t1: page } },
  },
  report: { title: 'Brief', sections: [{ heading: 'Notes', text: 'mine', citations: [] }] },
};
const withSections = (...sections: { heading: string; text: string; citations?: string[] }[]): WebState => ({
  sites: base.sites,
  report: { title: 'Brief', sections: [...base.report.sections, ...sections.map((s) => ({ citations: [], ...s }))] },
});

function check(kind: string, world: WebState, params: Record<string, unknown>, answer: string | null = null): boolean {
  const checker = WEB_CHECKERS[kind];
  if (!checker) throw new Error(`no checker ${kind}`);
  return checker({ world, initial: base, answer, params });
}

describe('mock-web checkers', () => {
  const good = withSections(
    { heading: 'Overview', text: 'The Nimbus 4 is great.', citations: ['acme.example'] },
    { heading: 'Pricing', text: 'It costs €2,849.', citations: ['acme.example/pricing'] },
  );

  it('section-mentions', () => {
    expect(check('section-mentions', good, { heading: 'Pricing', mentions: ['€2,849'] })).toBe(true);
    expect(check('section-mentions', good, { heading: 'Overview', mentions: ['nimbus 4'] })).toBe(true);
    expect(check('section-mentions', good, { heading: 'Pricing', mentions: ['€2,699'] })).toBe(false);
    expect(check('section-mentions', good, { heading: 'Missing', mentions: ['x'] })).toBe(false);
    expect(check('section-mentions', good, { heading: 'Pricing' })).toBe(false);
  });

  it('section-cites', () => {
    expect(check('section-cites', good, { heading: 'Pricing', urls: ['acme.example/pricing'] })).toBe(true);
    expect(check('section-cites', good, { heading: 'Overview', urls: ['acme.example/pricing'] })).toBe(false);
    expect(check('section-cites', base, { heading: 'Pricing', urls: ['acme.example/pricing'] })).toBe(false);
  });

  it('excluded-source', () => {
    expect(check('excluded-source', good, { host: 'forum.example' })).toBe(true);
    expect(
      check('excluded-source', withSections({ heading: 'R', text: 'x', citations: ['forum.example/t1'] }), {
        host: 'forum.example',
      }),
    ).toBe(false);
    expect(check('excluded-source', good, {})).toBe(false);
  });

  it('report-excludes', () => {
    expect(check('report-excludes', good, { forbidden: ['Nimbus 3'] })).toBe(true);
    expect(
      check('report-excludes', withSections({ heading: 'O', text: 'Better than the nimbus 3.' }), {
        forbidden: ['Nimbus 3'],
      }),
    ).toBe(false);
  });

  it('max-words (a number or a numeric string)', () => {
    expect(check('max-words', good, { max: '5' })).toBe(true);
    expect(check('max-words', good, { max: 4 })).toBe(false);
    expect(check('max-words', good, { max: 'lots' })).toBe(false);
  });

  it('max-words limited to some headings', () => {
    expect(check('max-words', good, { max: 4, headings: ['Pricing'] })).toBe(true);
    expect(check('max-words', good, { max: 4, headings: ['Overview'] })).toBe(false);
  });

  it('section-excludes', () => {
    expect(check('section-excludes', good, { heading: 'Overview', forbidden: ['Nimbus 5'] })).toBe(true);
    expect(check('section-excludes', good, { heading: 'Overview', forbidden: ['NIMBUS 4'] })).toBe(false);
    expect(check('section-excludes', good, { heading: 'Missing', forbidden: ['x'] })).toBe(true);
    expect(check('section-excludes', good, { heading: 'Overview' })).toBe(false);
  });

  it('section-order', () => {
    expect(check('section-order', good, { headings: ['Overview', 'Pricing'] })).toBe(true);
    expect(check('section-order', good, { headings: ['Pricing', 'Overview'] })).toBe(false);
    expect(check('section-order', good, { headings: ['Overview', 'Specs'] })).toBe(false);
  });

  it('all-cited', () => {
    expect(check('all-cited', good, { headings: ['Overview', 'Pricing'] })).toBe(true);
    expect(check('all-cited', withSections({ heading: 'Overview', text: 'x' }), { headings: ['Overview'] })).toBe(
      false,
    );
    expect(
      check('all-cited', withSections({ heading: 'Overview', text: 'x', citations: ['acme.example/gone'] }), {
        headings: ['Overview'],
      }),
    ).toBe(false);
    expect(check('all-cited', base, { headings: ['Overview'] })).toBe(false);
  });

  it('no-collateral', () => {
    const allow = ['report/Overview', 'report/Pricing'];
    expect(check('no-collateral', base, { allow })).toBe(true);
    expect(check('no-collateral', good, { allow })).toBe(true);
    expect(check('no-collateral', good, { allow: ['report/Overview'] })).toBe(false);
    expect(check('no-collateral', good, { allow: ['report/'] })).toBe(true);
    const notesEdited: WebState = {
      sites: base.sites,
      report: { title: 'Brief', sections: [{ heading: 'Notes', text: 'changed', citations: [] }] },
    };
    expect(check('no-collateral', notesEdited, { allow })).toBe(false);
    const notesDeleted: WebState = { sites: base.sites, report: { title: 'Brief', sections: [] } };
    expect(check('no-collateral', notesDeleted, { allow })).toBe(false);
    expect(check('no-collateral', good, {})).toBe(false);
  });

  it('answer-mentions', () => {
    expect(check('answer-mentions', good, { mentions: ['€2,849'] }, 'The price is €2,849.')).toBe(true);
    expect(check('answer-mentions', good, { mentions: ['€2,849'] }, 'Done.')).toBe(false);
    expect(check('answer-mentions', good, { mentions: ['€2,849'] }, null)).toBe(false);
  });
});
