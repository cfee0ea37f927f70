/**
 * Units of measure a quantity can be written in: each alias with its dimension and its factor to
 * the dimension's base unit, so "4.2 Gbps" and "4,200 Mbps" compare equal and "500 m²" equals
 * "500 square metres". Units outside the table compare by their word (singular or plural).
 */

/** A unit an alias stands for. */
export interface Unit {
  /** What is measured (`length`, `area`, `rate` …); only units of one dimension compare. */
  readonly dimension: string;
  /** How many base units one of this unit is. */
  readonly factor: number;
}

/** Symbols: compared case-sensitively ("Mb" is megabits, "MB" megabytes). */
const SYMBOLS: Record<string, [string, number]> = {
  mm: ['length', 0.001],
  cm: ['length', 0.01],
  m: ['length', 1],
  km: ['length', 1000],
  'm²': ['area', 1],
  m2: ['area', 1],
  'sq m': ['area', 1],
  'sq. m': ['area', 1],
  sqm: ['area', 1],
  'km²': ['area', 1e6],
  mg: ['mass', 0.001],
  g: ['mass', 1],
  kg: ['mass', 1000],
  ml: ['volume', 1],
  mL: ['volume', 1],
  cl: ['volume', 10],
  l: ['volume', 1000],
  L: ['volume', 1000],
  W: ['power', 1],
  kW: ['power', 1000],
  Wh: ['energy', 1],
  kWh: ['energy', 1000],
  bps: ['rate', 1],
  kbps: ['rate', 1e3],
  Kbps: ['rate', 1e3],
  Mbps: ['rate', 1e6],
  mbps: ['rate', 1e6],
  'Mb/s': ['rate', 1e6],
  'Mbit/s': ['rate', 1e6],
  Gbps: ['rate', 1e9],
  gbps: ['rate', 1e9],
  'Gb/s': ['rate', 1e9],
  'Gbit/s': ['rate', 1e9],
  B: ['data', 1],
  KB: ['data', 1e3],
  kB: ['data', 1e3],
  MB: ['data', 1e6],
  GB: ['data', 1e9],
  gb: ['data', 1e9],
  TB: ['data', 1e12],
  ms: ['time', 0.001],
  s: ['time', 1],
  sec: ['time', 1],
  secs: ['time', 1],
  min: ['time', 60],
  mins: ['time', 60],
  h: ['time', 3600],
  hr: ['time', 3600],
  hrs: ['time', 3600],
  Hz: ['frequency', 1],
  kHz: ['frequency', 1e3],
  MHz: ['frequency', 1e6],
  GHz: ['frequency', 1e9],
};

/** Words (compared case-insensitively, singular and plural listed). */
const WORDS: Record<string, [string, number]> = {
  millimetre: ['length', 0.001],
  millimeter: ['length', 0.001],
  centimetre: ['length', 0.01],
  centimeter: ['length', 0.01],
  metre: ['length', 1],
  meter: ['length', 1],
  kilometre: ['length', 1000],
  kilometer: ['length', 1000],
  'square metre': ['area', 1],
  'square meter': ['area', 1],
  'square kilometre': ['area', 1e6],
  'square kilometer': ['area', 1e6],
  milligram: ['mass', 0.001],
  gram: ['mass', 1],
  gramme: ['mass', 1],
  kilogram: ['mass', 1000],
  millilitre: ['volume', 1],
  milliliter: ['volume', 1],
  litre: ['volume', 1000],
  liter: ['volume', 1000],
  watt: ['power', 1],
  kilowatt: ['power', 1000],
  'watt-hour': ['energy', 1],
  'watt hour': ['energy', 1],
  'kilowatt-hour': ['energy', 1000],
  'kilowatt hour': ['energy', 1000],
  'megabit per second': ['rate', 1e6],
  'gigabit per second': ['rate', 1e9],
  byte: ['data', 1],
  kilobyte: ['data', 1e3],
  megabyte: ['data', 1e6],
  gigabyte: ['data', 1e9],
  terabyte: ['data', 1e12],
  millisecond: ['time', 0.001],
  second: ['time', 1],
  minute: ['time', 60],
  hour: ['time', 3600],
  day: ['time', 86400],
  week: ['time', 604800],
  hertz: ['frequency', 1],
};

function plural(word: string): string {
  const parts = word.split(' ');
  // "megabit per second" → "megabits per second"; "square metre" → "square metres".
  const i = parts.length >= 3 && parts[1] === 'per' ? 0 : parts.length - 1;
  parts[i] = `${parts[i]}s`;
  return parts.join(' ');
}

/** Table keys ignore spacing and hyphens ("watt-hours" = "watt hours", "sq m" = "sqm"). */
function key(text: string): string {
  return text.replace(/[\s-]+/g, '');
}

const WORD_NAMES: string[] = [];
const WORD_TABLE = new Map<string, Unit>();
for (const [word, [dimension, factor]] of Object.entries(WORDS)) {
  for (const form of [word, plural(word)]) {
    WORD_NAMES.push(form);
    WORD_TABLE.set(key(form), { dimension, factor });
  }
}
const SYMBOL_TABLE = new Map<string, Unit>(
  Object.entries(SYMBOLS).map(([symbol, [dimension, factor]]) => [key(symbol), { dimension, factor }]),
);

/** Every factor a unit of each dimension has, distinct. */
const FACTORS = new Map<string, number[]>();
for (const unit of [...WORD_TABLE.values(), ...SYMBOL_TABLE.values()]) {
  const factors = FACTORS.get(unit.dimension) ?? [];
  if (!factors.includes(unit.factor)) factors.push(unit.factor);
  FACTORS.set(unit.dimension, factors);
}

/** The factors of every unit of `dimension` in the table (none for a dimension it does not know). */
export function factorsOf(dimension: string): readonly number[] {
  return FACTORS.get(dimension) ?? [];
}

function alternation(keys: Iterable<string>): string {
  return [...keys]
    .sort((a, b) => b.length - a.length)
    .map((k) => k.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/[ -]/g, '[\\s-]?'))
    .join('|');
}

// Anchored at the start of the text after a number; the unit must end at a token boundary.
const SYMBOL_RE = new RegExp(`^(?:${alternation(Object.keys(SYMBOLS))})(?![\\p{L}\\p{N}²³])`, 'u');
const WORD_RE = new RegExp(`^(?:${alternation(WORD_NAMES)})(?![\\p{L}\\p{N}])`, 'iu');
const ANY_WORD_RE = /^\p{L}+(?![\p{N}])/u;

/** A unit read right after a number. */
export interface UnitMention {
  /** The known unit, or null for a word outside the table (compared by {@link UnitMention.word}). */
  readonly unit: Unit | null;
  /** The unit's word, lower-cased and singular (for units outside the table). */
  readonly word: string;
  /** Characters the unit takes. */
  readonly length: number;
}

/** Singular form of a unit word outside the table ("contacts" → "contact"). */
export function singular(word: string): string {
  const w = word.toLowerCase();
  if (w.length > 3 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 3 && /(?:ches|shes|sses|xes)$/.test(w)) return w.slice(0, -2);
  if (w.length > 2 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}

/** Reads the unit at the start of `rest` (the text right after a number), if any. */
export function readUnit(rest: string): UnitMention | null {
  const word = WORD_RE.exec(rest);
  if (word) {
    const unit = WORD_TABLE.get(key(word[0].toLowerCase()));
    if (unit) return { unit, word: word[0].toLowerCase(), length: word[0].length };
  }
  const symbol = SYMBOL_RE.exec(rest);
  if (symbol) {
    const unit = SYMBOL_TABLE.get(key(symbol[0]));
    if (unit) return { unit, word: symbol[0], length: symbol[0].length };
  }
  const unitWord = ANY_WORD_RE.exec(rest);
  if (unitWord) return { unit: null, word: singular(unitWord[0]), length: unitWord[0].length };
  return null;
}
