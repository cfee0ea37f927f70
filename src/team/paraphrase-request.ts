/**
 * A seeded paraphrase of a user's request: the requirements between the opening and the closing
 * sentence are reordered, and common phrasings are swapped for synonyms. Values the task depends
 * on (fact values, names in backticks or quotes) are never touched, so every fact the request
 * states stays findable by the handoff audit.
 */
import type { Rng } from '../core/rng.js';

/**
 * Interchangeable phrasings. `start`: only where a sentence starts, exactly as written; others
 * match in any case and keep the case of the first letter they replace.
 */
interface Synonyms {
  readonly words: readonly string[];
  readonly start?: boolean;
  /**
   * Where the phrase may be swapped: the text after it must match. `every`/`each` only as a
   * determiner (`each file`), never as a pronoun (`48 words each`) nor in `each other`.
   */
  readonly before?: RegExp;
}

// Groups apply in this order; "I need" comes before "Please" so "I'd like you to" is not swapped again.
const SYNONYMS: readonly Synonyms[] = [
  { words: ['I need', "I'd like"] },
  { words: ['Please', "I'd like you to"], start: true },
  { words: ['Do not', "Don't", 'Never'], start: true },
  { words: ['do not', "don't"] },
  { words: ['must not', 'may not'] },
  { words: ['every', 'each'], before: /^ (?!other\b|of\b)[a-z]/ },
  { words: ['has to', 'needs to'] },
  { words: ['have to', 'need to'] },
  { words: ['tell me', 'let me know'] },
  { words: ["when you're done", "once you're done", 'when you are done', 'once you are done'] },
  { words: ['when done', 'once done'] },
  { words: ['make sure', 'ensure'] },
  { words: ['could you', 'can you'] },
  { words: ['exactly', 'precisely'] },
  { words: ['throughout', 'across'] },
  { words: ['touch nothing else', 'change nothing else'] },
  { words: ['wins over', 'takes precedence over', 'overrides'] },
];

/** A sentence that starts like this leans on the one before it and moves with it. */
const CONTINUES = /^(It|Its|It's|This|That|These|Those|They|Their|Them|Then|Also|Otherwise|But|And|So)\b/;
/** Abbreviations whose full stop does not end a sentence. */
const ABBREVIATIONS = /(?:\be\.g|\bi\.e|\betc|\bvs)\.$/;
/** Masks are private-use characters: requests never contain them, and they hold no digit a value could match. */
const MASK = '\uE000';
const MASK_INDEX_BASE = 0xe100;

/** Replaces protected spans (backticked or quoted text, then the values) with masks; `unmask` puts them back. */
function mask(text: string, protectedValues: readonly string[]): { masked: string; unmask: (s: string) => string } {
  const spans: string[] = [];
  const keep = (span: string) => `${MASK}${String.fromCharCode(MASK_INDEX_BASE + spans.push(span) - 1)}${MASK}`;
  let masked = text.replace(/`[^`]*`|"[^"]*"/g, keep);
  for (const value of [...new Set(protectedValues)].filter((v) => v.length > 0).sort((a, b) => b.length - a.length)) {
    masked = masked.split(value).join(keep(value));
  }
  const unmask = (s: string) =>
    s.replace(
      new RegExp(`${MASK}(.)${MASK}`, 'gu'),
      (_, c: string) => spans[c.charCodeAt(0) - MASK_INDEX_BASE] as string,
    );
  return { masked, unmask };
}

/** Splits text into sentences at `. ` / `! ` / `? ` outside parentheses, not after abbreviations. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (
      (ch === '.' || ch === '!' || ch === '?') &&
      depth === 0 &&
      /\s/.test(text[i + 1] ?? '') &&
      !ABBREVIATIONS.test(text.slice(start, i + 1))
    ) {
      out.push(text.slice(start, i + 1).trim());
      start = i + 1;
    }
  }
  const rest = text.slice(start).trim();
  if (rest) out.push(rest);
  return out;
}

/** Sentences grouped so a sentence that leans on its predecessor never leaves it. */
function groupSentences(sentences: readonly string[]): string[][] {
  const groups: string[][] = [];
  for (const s of sentences) {
    const last = groups[groups.length - 1];
    if (last && CONTINUES.test(s)) last.push(s);
    else groups.push([s]);
  }
  return groups;
}

function matchCase(replacement: string, original: string): string {
  const first = original.charAt(0);
  if (first === first.toUpperCase() && first !== first.toLowerCase())
    return replacement.charAt(0).toUpperCase() + replacement.slice(1);
  return replacement;
}

/** Swaps each synonym group's phrasings for one seeded choice, in one sentence. */
function swapSynonyms(sentence: string, choices: readonly number[]): string {
  let out = sentence;
  SYNONYMS.forEach((group, gi) => {
    const chosen = group.words[choices[gi] as number] as string;
    const alternatives = [...group.words]
      .sort((a, b) => b.length - a.length)
      .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    const pattern = group.start
      ? new RegExp(`^(?:${alternatives.join('|')})(?= )`)
      : new RegExp(`(?<![A-Za-z])(?:${alternatives.join('|')})(?![A-Za-z'])`, 'gi');
    out = out.replace(pattern, (m: string, offset: number, whole: string) => {
      if (group.before && !group.before.test(whole.slice(offset + m.length))) return m;
      return group.start ? chosen : matchCase(chosen, m);
    });
  });
  return out;
}

/**
 * A paraphrase of `request`: the opening (first two sentences) and the closing sentence stay
 * where they are, the requirements between them are shuffled in groups, and synonym phrasings
 * are swapped. `protectedValues` (fact values, names) are never changed or split.
 */
export function paraphraseRequest(request: string, protectedValues: readonly string[], rng: Rng): string {
  const { masked, unmask } = mask(request, protectedValues);
  const groups = groupSentences(splitSentences(masked));
  const head = groups.length > 2 ? groups.slice(0, 2) : groups.slice(0, 1);
  const tail = groups.length > head.length + 2 ? groups.slice(-1) : [];
  const middle = groups.slice(head.length, groups.length - tail.length);
  let shuffled = rng.shuffle(middle);
  if (middle.length > 1 && shuffled.every((g, i) => g === middle[i]))
    shuffled = [...middle.slice(1), middle[0] as string[]];
  const choices = SYNONYMS.map((g) => rng.int(0, g.words.length - 1));
  const sentences = [...head, ...shuffled, ...tail].flat().map((s) => swapSynonyms(s, choices));
  return unmask(sentences.join(' '));
}
