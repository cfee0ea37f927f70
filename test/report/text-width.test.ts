/**
 * Terminal string width: what a table measures and cuts with.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayWidth, padToWidth, stripAnsi, truncateToWidth, wrapToWidth } from '../../src/report/text-width.js';
import { columnsFromEnv, terminalTableOptions } from '../../src/report/terminal.js';

describe('displayWidth', () => {
  it('counts ASCII one column, CJK and emoji two, ANSI escapes and combining marks none', () => {
    expect(displayWidth('oracle')).toBe(6);
    expect(displayWidth('\u001b[1moracle\u001b[22m')).toBe(6);
    expect(displayWidth('チーム')).toBe(6);
    expect(displayWidth('팀')).toBe(2);
    expect(displayWidth('🚀')).toBe(2);
    expect(displayWidth('👩‍💻')).toBe(2);
    expect(displayWidth('❤️')).toBe(2);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('a\u200bb')).toBe(2);
    expect(displayWidth('–…→Δ')).toBe(4);
    expect(stripAnsi('\u001b]8;;http://x\u0007link\u001b]8;;\u0007')).toBe('link');
  });

  it('cuts to a width with …, never splitting a wide character or a grapheme', () => {
    expect(truncateToWidth('deploy/rollout', 8)).toBe('deploy/…');
    expect(truncateToWidth('short', 8)).toBe('short');
    expect(truncateToWidth('チームチーム', 6)).toBe('チー…');
    expect(truncateToWidth('👩‍💻👩‍💻👩‍💻', 5)).toBe('👩‍💻👩‍💻…');
    expect(truncateToWidth('abc', 0)).toBe('');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.integer({ min: 0, max: 40 }), (text, width) => {
        const cut = truncateToWidth(text, width);
        expect(displayWidth(cut)).toBeLessThanOrEqual(Math.max(width, 0));
        if (displayWidth(text) <= width) expect(cut).toBe(text);
      }),
    );
  });

  it('pads to a width on either side', () => {
    expect(padToWidth('チ', 4)).toBe('チ  ');
    expect(padToWidth('7', 3, 'right')).toBe('  7');
  });

  it('wraps prose at spaces within the width, cutting only a word longer than a line', () => {
    const text = 'Δ = B − A in percentage points; intervals are 95% cluster-bootstrap intervals (tasks resampled)';
    const lines = wrapToWidth(text, 40);
    expect(lines.join(' ')).toBe(text);
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(40);
    expect(wrapToWidth(`see ${'/x'.repeat(30)}`, 20)).toEqual(['see', `${'/x'.repeat(9)}/…`]);
    expect(wrapToWidth(text, Infinity)).toEqual([text]);
  });
});

describe('terminalTableOptions', () => {
  it("fits a terminal's own width, with a rule and colour", () => {
    expect(terminalTableOptions({}, { isTTY: true, columns: 100 }, {})).toEqual({
      width: 100,
      wide: false,
      color: true,
      rule: true,
    });
  });

  it('takes COLUMNS, then 80, when the terminal does not say its width', () => {
    expect(terminalTableOptions({}, { isTTY: true }, { COLUMNS: '120' }).width).toBe(120);
    expect(terminalTableOptions({}, { isTTY: true }, {}).width).toBe(80);
  });

  it('is complete and plain when not on a terminal, unless COLUMNS asks for a width', () => {
    expect(terminalTableOptions({}, { isTTY: false }, {})).toEqual({
      width: Infinity,
      wide: false,
      color: false,
      rule: false,
    });
    expect(terminalTableOptions({}, {}, { COLUMNS: '80' }).width).toBe(80);
  });

  it('honours NO_COLOR and dumb terminals, and --wide', () => {
    expect(terminalTableOptions({}, { isTTY: true, columns: 80 }, { NO_COLOR: '1' }).color).toBe(false);
    expect(terminalTableOptions({}, { isTTY: true, columns: 80 }, { NO_COLOR: '' }).color).toBe(true);
    expect(terminalTableOptions({}, { isTTY: true, columns: 80 }, { TERM: 'dumb' }).color).toBe(false);
    expect(terminalTableOptions({ wide: true }, { isTTY: true, columns: 80 }, {}).wide).toBe(true);
  });

  it('ignores a COLUMNS that is not a positive whole number, as shells do', () => {
    for (const bad of ['', 'wide', '0', '-5', '80.5']) expect(columnsFromEnv({ COLUMNS: bad })).toBeUndefined();
    expect(columnsFromEnv({ COLUMNS: ' 132 ' })).toBe(132);
  });
});
