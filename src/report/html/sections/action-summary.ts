/**
 * One-line accounts of what a role did at a step, for the drill-down timeline. Everything here
 * is agent-written text: it is cut to a readable length and escaped before it is shown.
 */
import type { TrajectoryStep } from '../../../team/episode.js';
import { compactJson, escapeHtml, excerpt } from '../escape.js';
import { code, type Html } from './common.js';

/** Longest excerpt of a tool call's arguments. */
const ARGS_CHARS = 160;
/** Longest excerpt of free text (handoff messages, questions, answers). */
const TEXT_CHARS = 240;

/** The action of a step as short, escaped markup. */
export function actionSummary(step: TrajectoryStep): Html {
  const action = step.event.action;
  if (!action)
    return `<span class="kind kind-invalid">invalid</span> ${code(excerpt(compactJson(step.action), ARGS_CHARS))}`;
  switch (action.type) {
    case 'tool':
      return `<span class="kind kind-tool">tool</span> ${code(`${action.tool}(${excerpt(argsText(action.args), ARGS_CHARS)})`)}`;
    case 'handoff': {
      const m = action.message;
      const text = typeof m === 'string' ? m : typeof m.text === 'string' ? m.text : '';
      const facts = typeof m === 'object' && m.facts ? Object.entries(m.facts) : [];
      const extra = typeof m === 'object' ? Object.keys(m).filter((k) => k !== 'text' && k !== 'facts') : [];
      const factsHtml =
        facts.length > 0
          ? `<span class="facts-sent">facts: ${facts.map(([k, v]) => code(`${excerpt(k, 40)}=${excerpt(String(v), 60)}`)).join(' ')}</span>`
          : '';
      const extraHtml =
        extra.length > 0 ? ` <span class="muted">+ ${escapeHtml(excerpt(extra.join(', '), 80))}</span>` : '';
      return `<span class="kind kind-handoff">handoff → ${escapeHtml(action.to)}</span> <q>${escapeHtml(excerpt(text, TEXT_CHARS))}</q>${extraHtml}${factsHtml}`;
    }
    case 'ask':
      return `<span class="kind kind-ask">ask user</span> <q>${escapeHtml(excerpt(action.question, TEXT_CHARS))}</q>`;
    case 'wait':
      return `<span class="kind kind-wait">wait</span> ${escapeHtml(`${action.ticks} ticks`)}`;
    case 'finish':
      return `<span class="kind kind-finish">finish: ${escapeHtml(action.status)}</span>${action.answer ? ` <q>${escapeHtml(excerpt(action.answer, TEXT_CHARS))}</q>` : ''}`;
    default:
      return code(excerpt(compactJson(action), ARGS_CHARS));
  }
}

/** Tool arguments as `key: value` pairs, strings quoted, in their recorded order. */
function argsText(args: unknown): string {
  if (typeof args !== 'object' || args === null) return compactJson(args);
  return Object.entries(args as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? JSON.stringify(excerpt(v, 80)) : excerpt(compactJson(v), 80)}`)
    .join(', ');
}
