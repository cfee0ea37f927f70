/**
 * The fact matcher: recognises a fact's canonical value in free text the way a careful reader
 * would (numbers in any format, money, quantities, dates and times, versions, names), and tells
 * an answer that asserts a value from one that hedges it among competitors. A leaf module: it
 * imports nothing else of the project, so the team layer, the worlds' checkers and the metrics
 * all read text the same way.
 */
export { factKind, factMatcher, findFact, mentionsFact, type FactMatcher, type FactSpan } from './match.js';
export { answerAsserts, readAnswer, type AnswerReading } from './hedge.js';
export type { FactKind, FactValue } from './value.js';
