/**
 * What an Agents SDK handoff passes to the next agent — the conversation after the handoff's
 * input filter (`HandoffInputData`) — rendered as the env handoff's message, so the handoff audit
 * checks exactly what the receiving agent is given.
 */
import type { AgentInputItem, HandoffInputData, RunItem } from '@openai/agents';
import { MAX_STRING, type HandoffMessage } from '../../team/actions.js';

/** Most characters kept of one conversation item (the env's limit on one string). */
const MAX_ITEM = MAX_STRING;
/** Most characters of the whole rendered conversation (well inside the env's action size limit). */
const MAX_TOTAL = 120_000;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 20)} …[${text.length - max + 20} more]`;
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const parts: string[] = [];
  for (const part of content as unknown[]) {
    if (part !== null && typeof part === 'object') {
      const p = part as Record<string, unknown>;
      if (typeof p['text'] === 'string') parts.push(p['text']);
      else if (typeof p['refusal'] === 'string') parts.push(p['refusal']);
    }
  }
  return parts.join('\n');
}

/** One conversation item as a line of text (null: nothing a reader would see). */
export function itemText(item: AgentInputItem): string | null {
  const raw = item as Record<string, unknown>;
  const type = raw['type'] ?? 'message';
  if (type === 'message') return `${String(raw['role'])}: ${contentText(raw['content'])}`;
  if (type === 'function_call')
    return `call ${String(raw['name'])}(${typeof raw['arguments'] === 'string' ? raw['arguments'] : JSON.stringify(raw['arguments'] ?? {})})`;
  if (type === 'function_call_result') {
    const output = raw['output'];
    const text =
      typeof output === 'string'
        ? output
        : output !== null &&
            typeof output === 'object' &&
            typeof (output as Record<string, unknown>)['text'] === 'string'
          ? ((output as Record<string, unknown>)['text'] as string)
          : contentText(output);
    return `result of ${String(raw['name'] ?? raw['callId'])}: ${text}`;
  }
  return null;
}

/** The conversation items of a handoff's input, in the order the receiver gets them. */
export function handoffItems(data: HandoffInputData): AgentInputItem[] {
  const history: AgentInputItem[] =
    typeof data.inputHistory === 'string' ? [{ role: 'user', content: data.inputHistory }] : [...data.inputHistory];
  const runItems: RunItem[] = [...data.preHandoffItems, ...data.newItems];
  return [...history, ...runItems.map((i) => i.rawItem as AgentInputItem)];
}

/**
 * The env handoff message for a handoff's input: `text` is the last message the sender wrote
 * (its brief, if any) and `conversation` every item the receiver is given, one string each.
 */
export function handoffMessage(data: HandoffInputData): HandoffMessage {
  const lines = handoffItems(data)
    .map(itemText)
    .filter((l): l is string => l !== null)
    .map((l) => clip(l, MAX_ITEM));
  // Keep the newest items when the conversation is longer than the env takes in one action.
  let total = 0;
  let first = lines.length;
  while (first > 0 && total + (lines[first - 1] as string).length <= MAX_TOTAL) {
    first -= 1;
    total += (lines[first] as string).length;
  }
  const conversation = lines.slice(first);
  const brief = [...conversation].reverse().find((l) => l.startsWith('assistant: '));
  return { text: brief ? brief.slice('assistant: '.length) : '', conversation };
}
