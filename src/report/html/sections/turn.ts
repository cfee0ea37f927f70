/**
 * The model's side of a step in the drill-down timeline: what the model wrote (text, reasoning
 * collapsed, tool calls with the one this step executes marked), and what it cost (tokens, cost,
 * latency, retries). Everything here is model-written text, as hostile as every agent's: it is cut to
 * a readable length and escaped before it is shown.
 */
import type { TrajectoryStep } from '../../../team/episode.js';
import type { EpisodeUsage, ModelCallRecord, ModelToolCall, StepTurn } from '../../../team/turn.js';
import { escapeAttr, escapeHtml, excerpt } from '../escape.js';
import { int, plural, usd } from '../format.js';
import { code, type Html } from './common.js';

/** Longest excerpt of a model's text and of its reasoning (20 drill-downs of 80 steps must stay a few MB). */
const TEXT_CHARS = 2000;
/** A handoff where facts went missing: the reader came for these words, so more of them. */
const HANDOFF_TEXT_CHARS = 8000;
/** Longest excerpt of a tool call's raw arguments. */
const ARGS_CHARS = 400;
/** Longest excerpt of a provider error and of an agent's note. */
const NOTE_CHARS = 300;

/** Where each tool call was returned: the step and the model call whose reply asked for it. */
export type ReplySteps = ReadonlyMap<string, { readonly step: number; readonly call: ModelCallRecord }>;

/** Maps each tool call id to the step and model call that returned it (the first such step). */
export function replySteps(steps: readonly TrajectoryStep[]): ReplySteps {
  const at = new Map<string, { step: number; call: ModelCallRecord }>();
  for (const s of steps)
    for (const call of s.turn?.calls ?? [])
      for (const t of call.message.toolCalls) if (!at.has(t.id)) at.set(t.id, { step: s.step, call });
  return at;
}

/** Whether any step of a trajectory carries a turn (the timeline then gets its model column). */
export function hasTurns(steps: readonly TrajectoryStep[]): boolean {
  return steps.some((s) => s.turn !== undefined);
}

/**
 * The model column of one step. `lostAtHandoff` marks a handoff the audit flagged (facts lost,
 * misstated or not delivered): the model's words there are shown in full view and labelled.
 */
export function turnCell(step: TrajectoryStep, replies: ReplySteps, lostAtHandoff: boolean): Html {
  const turn = step.turn;
  if (!turn) return '<span class="muted">no model turn recorded</span>';
  const parts: Html[] = [];
  for (const n of turn.notes ?? [])
    parts.push(`<div class="turn-note">${escapeHtml(`note: ${excerpt(n, NOTE_CHARS)}`)}</div>`);
  if (turn.calls.length === 0) parts.push(earlierReply(turn, step.step, replies, lostAtHandoff));
  for (const call of turn.calls) parts.push(callHtml(call, turn, lostAtHandoff));
  return `<div class="turn${lostAtHandoff ? ' turn-handoff-loss' : ''}">${parts.join('')}</div>`;
}

/**
 * A step that runs a tool call of an earlier reply (a model returned several at once). At a
 * flagged handoff the words of that reply are shown here too: they are what the model said there.
 */
function earlierReply(turn: StepTurn, step: number, replies: ReplySteps, lostAtHandoff: boolean): Html {
  const t = turn.toolCall;
  if (!t) return '<span class="muted">no model call for this step</span>';
  const from = replies.get(t.id);
  const where = from !== undefined && from.step !== step ? ` returned at step ${from.step}` : '';
  const line = `<div class="muted">${escapeHtml(`no new model call: runs tool call ${t.index + 1} of ${t.of}${where}`)} ${code(excerpt(t.id, 60))}</div>`;
  const content = from?.call.message.content;
  if (!lostAtHandoff || !content) return line;
  return `${line}<div class="field-label">${escapeHtml(`what the model wrote at this handoff (its reply at step ${from.step})`)}</div><div class="model-text assistant">${escapeHtml(excerpt(content, HANDOFF_TEXT_CHARS))}</div>`;
}

function callHtml(call: ModelCallRecord, turn: StepTurn, lostAtHandoff: boolean): Html {
  const m = call.message;
  const reasoning =
    m.reasoning !== undefined && m.reasoning.length > 0
      ? `<details class="reasoning"><summary>${escapeHtml(`reasoning (${int(Array.from(m.reasoning).length)} chars)`)}</summary><div class="model-text">${escapeHtml(excerpt(m.reasoning, TEXT_CHARS))}</div></details>`
      : '';
  const text =
    m.content !== null && m.content.length > 0
      ? `${lostAtHandoff ? '<div class="field-label">what the model wrote at this handoff</div>' : ''}<div class="model-text assistant">${escapeHtml(excerpt(m.content, lostAtHandoff ? HANDOFF_TEXT_CHARS : TEXT_CHARS))}</div>`
      : '';
  const tools =
    m.toolCalls.length > 0
      ? `<ol class="tool-calls">${m.toolCalls.map((t, i) => toolCallHtml(t, i, turn)).join('')}</ol>`
      : '';
  return `<div class="model-call">${callFigures(call)}${reasoning}${text}${tools}</div>`;
}

function toolCallHtml(t: ModelToolCall, index: number, turn: StepTurn): Html {
  const executed = turn.toolCall ? turn.toolCall.id === t.id : false;
  const mark = executed ? ' <span class="badge badge-executed">this step</span>' : '';
  return `<li${executed ? ' class="executed"' : ''} title="${escapeAttr(`tool call ${index + 1}: ${excerpt(t.id, 80)}`)}">${code(`${excerpt(t.name, 80)}(${excerpt(t.arguments, ARGS_CHARS)})`)}${mark}</li>`;
}

/** One line of figures: model, tokens, cost, latency, retries, request key. */
function callFigures(call: ModelCallRecord): Html {
  const u = call.usage;
  const figures = [
    `#${call.ordinal} ${excerpt(call.model, 60)}`,
    `${int(u.promptTokens)} + ${int(u.completionTokens)} tokens${u.cachedTokens > 0 ? ` (${int(u.cachedTokens)} cached)` : ''}`,
    call.costUsd === null ? 'no price' : usd(call.costUsd),
    `${int(call.latencyMs)} ms`,
  ];
  const retries =
    call.attempts.length > 0
      ? `<div class="retries">${escapeHtml(
          `${call.attempts.length} ${call.attempts.length === 1 ? 'retry' : 'retries'}: ${call.attempts
            .map((a) => `${a.status ?? 'no response'} (${excerpt(a.error, NOTE_CHARS)}; waited ${int(a.waitedMs)} ms)`)
            .join('; ')}`,
        )}</div>`
      : '';
  return `<div class="call-figures" title="${escapeAttr(`request key ${call.key}`)}">${escapeHtml(figures.join(' · '))}</div>${retries}`;
}

/** An episode's model usage in one line, with the split per role. */
export function usageLine(u: EpisodeUsage): string {
  const cost = u.costUsd === null ? 'no price' : usd(u.costUsd);
  const roles = Object.entries(u.byRole)
    .map(([role, r]) => `${role}: ${int(r.calls)} calls, ${int(r.promptTokens + r.completionTokens)} tokens`)
    .join('; ');
  return `${int(u.calls)} calls · ${int(u.promptTokens)} prompt + ${int(u.completionTokens)} completion tokens${u.cachedTokens > 0 ? ` (${int(u.cachedTokens)} cached)` : ''} · ${cost} · ${plural(u.retries, 'retry', 'retries')}${roles ? ` (${roles})` : ''}`;
}
