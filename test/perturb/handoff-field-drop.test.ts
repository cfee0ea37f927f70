/**
 * handoff-field-drop fires on what the fact matcher finds, so it must drop the fact in every form
 * the matcher reads — not only its canonical spelling (a paraphrased value used to survive a fault
 * that was recorded as fired).
 */
import { describe, expect, it } from 'vitest';
import { dropFact } from '../../src/perturb/catalog/handoff-field-drop.js';
import { mentionsFact } from '../../src/public/metrics.js';

describe('dropFact', () => {
  const price = { id: 'price', value: '£149', description: 'the price', guess: '' };
  const version = { id: 'version', value: 'v3.5.2', description: 'the release', guess: '' };

  it('drops a paraphrased value from free text', () => {
    for (const text of ['Charge 149.00 GBP.', 'Charge GBP 149 today.', 'Charge £149.']) {
      const out = dropFact(text, price) as string;
      expect(mentionsFact(out, price.value), out).toBe(false);
    }
    const out = dropFact('Ship version 3.5.2 and V3.5.2 notes.', version) as string;
    expect(mentionsFact(out, version.value), out).toBe(false);
  });

  it('drops a structured field and the value from the text, keeping the rest', () => {
    const out = dropFact({ text: 'Ship release 3.5.2 now.', facts: { version: 'v3.5.2', dir: 'vendor/' } }, version);
    expect(out).toMatchObject({ facts: { dir: 'vendor/' } });
    expect(mentionsFact((out as { text: string }).text, version.value)).toBe(false);
    expect((out as { text: string }).text).toMatch(/^Ship .*now\.$/);
  });
});
