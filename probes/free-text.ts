/**
 * Free text as people write it, for the probe teams that hand off in prose: each fact value
 * rewritten in one of the forms a writer would use ("version 3.5.2" for `v3.5.2`, "149.00 GBP"
 * for `£149`, "thirty-one" for `31`, **bold** or `quoted` names, changed case, "4200 Mbps" or
 * "4.2 Gbps" for `4,200 Mbps`), and a structured handoff turned into one paragraph.
 *
 * Written on its own rules, not the package's matcher: the point of these probes is to test that
 * matcher on text it was not written around.
 */
import type { Action, HandoffMessage } from 'faultline';
import type { Fact, Rng } from 'faultline/authoring';

const SMALL = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** An integer below 1000 in words ("thirty-one", "four hundred and eighty"). */
export function inWords(n: number): string {
  if (n < 20) return SMALL[n] as string;
  if (n < 100) return `${TENS[Math.floor(n / 10)]}${n % 10 ? `-${SMALL[n % 10]}` : ''}`;
  return `${SMALL[Math.floor(n / 100)]} hundred${n % 100 ? ` and ${inWords(n % 100)}` : ''}`;
}

const CURRENCIES: Record<string, [code: string, word: string]> = {
  '£': ['GBP', 'pounds'],
  $: ['USD', 'dollars'],
  '€': ['EUR', 'euros'],
};

/** Unit spellings a writer might use, and a larger unit with its factor. */
const UNITS: Record<string, { words: string[]; larger?: [unit: string, factor: number] }> = {
  'm²': { words: ['m2', 'square metres', 'sq m'] },
  Mbps: { words: ['Mbps', 'Mb/s'], larger: ['Gbps', 1000] },
  Wh: { words: ['Wh', 'watt-hours'], larger: ['kWh', 1000] },
  W: { words: ['watts', 'W'], larger: ['kW', 1000] },
  ml: { words: ['ml', 'millilitres'], larger: ['litres', 1000] },
  GB: { words: ['GB', 'gigabytes'] },
  g: { words: ['grams', 'g'] },
  s: { words: ['seconds', 'sec'] },
  min: { words: ['minutes', 'mins'] },
  km: { words: ['kilometres', 'km'] },
  days: { words: ['days'] },
  weeks: { words: ['weeks'] },
};

function plain(n: number): string {
  return String(n);
}

function numberForms(n: number): string[] {
  const forms = [plain(n)];
  if (Number.isInteger(n) && n < 1000) forms.push(inWords(n));
  if (n >= 1000) forms.push(n.toLocaleString('en-US'));
  return forms;
}

/** The forms a writer might give `value` in (the canonical one among them only when nothing else fits). */
export function forms(value: string): string[] {
  let m = /^v(\d+(?:\.\d+)+)$/.exec(value);
  if (m) return [`version ${m[1]}`, m[1] as string, `V${m[1]}`, `release ${m[1]}`];
  m = /^([£$€])(\d{1,3}(?:,\d{3})*|\d+)$/.exec(value);
  if (m) {
    const [code, word] = CURRENCIES[m[1] as string] as [string, string];
    const n = Number((m[2] as string).replace(/,/g, ''));
    return [`${n.toFixed(2)} ${code}`, `${code} ${n}`, `${n.toLocaleString('en-US')} ${word}`];
  }
  if (/^\d+$/.test(value)) {
    const n = Number(value);
    return numberForms(n)
      .filter((f) => f !== value)
      .concat(n >= 1000 ? [] : [`${value}`]);
  }
  m = /^(\d{1,3}(?:,\d{3})*|\d+) (\S+)$/.exec(value);
  if (m && UNITS[m[2] as string]) {
    const n = Number((m[1] as string).replace(/,/g, ''));
    const unit = UNITS[m[2] as string]!;
    const out = unit.words.map((w) => `${plain(n)} ${w}`);
    if (Number.isInteger(n) && n < 100 && (m[2] === 'days' || m[2] === 'weeks')) out.push(`${inWords(n)} ${m[2]}`);
    if (unit.larger && n >= unit.larger[1]) out.push(`${n / unit.larger[1]} ${unit.larger[0]}`);
    return out;
  }
  const out = [`**${value}**`, `\`${value}\``];
  if (/^[a-z]+(?:-[a-z]+)+$/.test(value))
    out.push(value.replace(/(^|-)([a-z])/g, (_, sep: string, c: string) => `${sep ? ' ' : ''}${c.toUpperCase()}`));
  if (/\s/.test(value) && !/[:/]/.test(value)) out.push(value.replace(/\b\p{Ll}/gu, (c) => c.toUpperCase()));
  if (!/[/.:]/.test(value)) out.push(value.toUpperCase());
  return out;
}

/** One seeded paraphrase of `value`. */
export function paraphrase(value: string, rng: Rng): string {
  return rng.pick(forms(value));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Occurrences of `value` as a whole token (not "54" inside "154" or "5.54"). */
function occurrences(value: string): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}_.,$£€-])${escapeRegExp(value)}(?![\\p{L}\\p{N}_]|[.,]\\d)`, 'gu');
}

/** `text` with every fact value in it paraphrased; `omit` values are replaced by their description instead. */
export function paraphraseText(text: string, facts: readonly Fact[], rng: Rng, omit: readonly Fact[] = []): string {
  // Longest values first, through placeholders, so a value inside another is not rewritten twice.
  const byLength = [...facts].filter((f) => f.value.trim() !== '').sort((a, b) => b.value.length - a.value.length);
  const slots: string[] = [];
  let out = text;
  for (const f of byLength) {
    out = out.replace(occurrences(f.value), () => {
      slots.push(omit.includes(f) ? vague(f) : paraphrase(f.value, rng));
      return `\u{E000}${slots.length - 1}\u{E001}`;
    });
  }
  return out.replace(/\u{E000}(\d+)\u{E001}/gu, (_, i: string) => slots[Number(i)] as string);
}

/** How a writer refers to a value it leaves out. */
function vague(fact: Fact): string {
  return fact.description && !fact.description.includes(fact.value) ? fact.description : 'the value we agreed on';
}

/** "changeTicket" → "change ticket". */
function label(id: string): string {
  return id.replace(/([a-z])([A-Z0-9])/g, '$1 $2').toLowerCase();
}

/** Flags of the team's control messages (resend, give up, redo): kept, so the team still steers itself. */
const CONTROL_KEYS = ['resend', 'giveUp', 'redo'];

type Handoff = Extract<Action, { type: 'handoff' }>;

/**
 * The handoff as one paragraph of prose: its text with every value paraphrased, then each
 * structured fact the text did not state, as "change ticket: CHG 25171.", and each changed one
 * (a value other than the task's) by name as written. A control message keeps
 * its flags (the team's protocol) but loses its `facts`. Facts in `omit` are left out entirely.
 */
export function freeTextHandoff(
  action: Handoff,
  facts: readonly Fact[],
  rng: Rng,
  omit: readonly Fact[] = [],
): Handoff {
  const message: HandoffMessage = action.message;
  if (typeof message === 'string') return { ...action, message: paraphraseText(message, facts, rng, omit) };
  const text = message.text ?? '';
  const stated = message.facts ?? {};
  const extra: string[] = [];
  for (const [id, value] of Object.entries(stated)) {
    if (typeof value !== 'string' || value.trim() === '' || omit.some((f) => f.id === id)) continue;
    // A value the brief started with is paraphrased, and left to the text when the text has it. A
    // changed one (the user gave a new value mid-task) is named and copied as written, even when
    // the text has it: a bare "39" in a sentence does not tell the reader the limit changed.
    const changed = facts.some((f) => f.id === id && f.value !== value);
    if (changed) extra.push(`${label(id)}: ${value}.`);
    else if (!occurrences(value).test(text)) extra.push(`${label(id)}: ${paraphrase(value, rng)}.`);
  }
  const prose = [paraphraseText(text, facts, rng, omit), ...extra].filter((p) => p !== '').join(' ');
  const control = CONTROL_KEYS.filter((k) => k in message);
  if (control.length > 0 || text.startsWith('Redone')) {
    const kept: Record<string, unknown> = { text: prose };
    for (const k of control) kept[k] = message[k];
    return { ...action, message: kept };
  }
  return { ...action, message: prose };
}

/** Facts a handoff states (structured, or by canonical value in its text). */
export function statedFacts(action: Handoff, facts: readonly Fact[]): Fact[] {
  const message = action.message;
  const text = typeof message === 'string' ? message : (message.text ?? '');
  const structured = typeof message === 'string' ? {} : (message.facts ?? {});
  return facts.filter(
    (f) => f.value.trim() !== '' && (structured[f.id] === f.value || occurrences(f.value).test(text)),
  );
}
