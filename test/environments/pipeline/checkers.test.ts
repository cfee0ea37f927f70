import { describe, expect, it } from 'vitest';
import { PIPELINE_CHECKERS, type PipelineState } from '../../../environments/pipeline/index.js';
import { fromFiles, putFile } from '../../../environments/filesystem/state.js';
import type { WebState } from '../../../environments/mock-web/state.js';

const web: WebState = {
  sites: {
    'corvid.example': {
      name: 'Corvid',
      pages: {
        pricing: {
          title: 'Prices',
          date: '2025-10-02',
          text: 'Current prices.\nNimbus 3: €899\nNimbus 4: €1,299',
          links: [],
        },
        'products/nimbus-4/specs': {
          title: 'Specs',
          date: '2025-03-01',
          text: 'Battery: 620 Wh\nRange: 95 km',
          links: [],
        },
      },
    },
  },
  report: { title: 'Brief', sections: [] },
};
const entry = (price: string, reviews = "'testbench.example/reviews/nimbus-4'") =>
  [
    '// SPDX-License-Identifier: MIT',
    'export const nimbus4 = {',
    "  name: 'Corvid Nimbus 4',",
    `  price: '${price}',`,
    "  battery: '620 Wh',",
    "  source: 'corvid.example/pricing',",
    `  reviews: [${reviews}],`,
    '};',
    '',
  ].join('\n');
const state = (price: string, reviews?: string): PipelineState => ({
  web,
  fs: fromFiles({ 'src/catalog/nimbus-4.ts': entry(price, reviews), 'README.md': '# shop\n' }),
});
const check = (kind: string, params: Record<string, unknown>, world: PipelineState) =>
  PIPELINE_CHECKERS[kind]!({ world, initial: world, answer: null, params });

const PRICE = { field: 'price', url: 'corvid.example/pricing', pattern: 'Nimbus 4: ([€$£][0-9,]+)' };
const BATTERY = {
  field: 'battery',
  url: 'https://corvid.example/products/nimbus-4/specs',
  pattern: 'Battery: ([0-9,]+ Wh)',
};

describe('pipeline checkers', () => {
  it('entry-field: the module sets the field to exactly the value', () => {
    expect(
      check(
        'entry-field',
        { file: 'src/catalog/nimbus-4.ts', field: 'name', value: 'Corvid Nimbus 4' },
        state('€1,299'),
      ),
    ).toBe(true);
    expect(
      check('entry-field', { file: 'src/catalog/nimbus-4.ts', field: 'name', value: 'Corvid Nimbus' }, state('€1,299')),
    ).toBe(false);
    expect(
      check(
        'entry-field',
        { file: 'src/catalog/missing.ts', field: 'name', value: 'Corvid Nimbus 4' },
        state('€1,299'),
      ),
    ).toBe(false);
    expect(check('entry-field', { file: 'src/catalog/nimbus-4.ts', field: 'name' }, state('€1,299'))).toBe(false);
  });

  it('entry-from-source: the written value is the one the web page states (across worlds)', () => {
    expect(
      check('entry-from-source', { file: 'src/catalog/nimbus-4.ts', fields: [PRICE, BATTERY] }, state('€1,299')),
    ).toBe(true);
    // The predecessor's price is on the same page: only the product's line counts.
    expect(check('entry-from-source', { file: 'src/catalog/nimbus-4.ts', fields: [PRICE] }, state('€899'))).toBe(false);
    // The page changes, the file does not: the constraint follows the page.
    const repriced: PipelineState = {
      ...state('€1,299'),
      web: {
        ...web,
        sites: {
          'corvid.example': {
            name: 'Corvid',
            pages: {
              ...web.sites['corvid.example']!.pages,
              pricing: { title: 'Prices', date: '2025-11-01', text: 'Nimbus 4: €1,199', links: [] },
            },
          },
        },
      },
    };
    expect(check('entry-from-source', { file: 'src/catalog/nimbus-4.ts', fields: [PRICE] }, repriced)).toBe(false);
    expect(
      check(
        'entry-from-source',
        { file: 'src/catalog/nimbus-4.ts', fields: [{ ...PRICE, url: 'corvid.example/nope' }] },
        state('€1,299'),
      ),
    ).toBe(false);
    expect(
      check(
        'entry-from-source',
        { file: 'src/catalog/nimbus-4.ts', fields: [{ ...PRICE, pattern: '(' }] },
        state('€1,299'),
      ),
    ).toBe(false);
    expect(check('entry-from-source', { file: 'src/catalog/nimbus-4.ts', fields: [] }, state('€1,299'))).toBe(false);
  });

  it('files-exclude: no file under the prefix mentions a forbidden string (case-insensitive)', () => {
    const forum = state('€1,299', "'testbench.example/reviews/nimbus-4', 'DealHunt.example/threads/1'");
    expect(check('files-exclude', { prefix: 'src/', forbidden: ['dealhunt.example'] }, state('€1,299'))).toBe(true);
    expect(check('files-exclude', { prefix: 'src/', forbidden: ['dealhunt.example'] }, forum)).toBe(false);
    expect(check('files-exclude', { prefix: 'docs/', forbidden: ['dealhunt.example'] }, forum)).toBe(true);
    expect(check('files-exclude', { prefix: 'src/', forbidden: [''] }, forum)).toBe(false);
    expect(check('files-exclude', { prefix: 'src/' }, forum)).toBe(false);
  });

  it('files-exclude: a write is seen in a directory whose other files were searched before', () => {
    const rule = { prefix: 'src/', forbidden: ['DealHunt.example'] };
    const clean = state('€1,299');
    expect(check('files-exclude', rule, clean)).toBe(true);
    // A second file beside the one searched: the directory is new, the first file the same object.
    const mention = putFile(clean.fs, ['src', 'catalog', 'notes.ts'], '// see dealhunt.EXAMPLE/threads/1\n');
    const clear = putFile(clean.fs, ['src', 'catalog', 'notes.ts'], '// see corvid.example/pricing\n');
    if (!mention.ok || !clear.ok) throw new Error('the writes were refused');
    expect(check('files-exclude', rule, { ...clean, fs: mention.state })).toBe(false);
    expect(check('files-exclude', rule, { ...clean, fs: clear.state })).toBe(true);
    // The file searched first, written over with the string, in the directory the clear write made.
    const over = putFile(clear.state, ['src', 'catalog', 'nimbus-4.ts'], entry('€1,299', "'dealhunt.example/x'"));
    if (!over.ok) throw new Error('the write was refused');
    expect(check('files-exclude', rule, { ...clean, fs: over.state })).toBe(false);
    expect(check('files-exclude', rule, { ...clean, fs: clear.state })).toBe(true);
  });
});
