/**
 * Deterministic token estimates: about one token per four characters, as the OpenAI docs' rule
 * of thumb. Real tokenizers differ; what matters here is that the same text always counts the same.
 */

/** Tokens of `chars` characters: ceil(chars / 4). */
export function tokensOfChars(chars: number): number {
  return Math.ceil(chars / 4);
}

/** The characters of the text a chat message holds: its content and its tool calls' names and arguments. */
export function messageChars(message: unknown): number {
  if (message === null || typeof message !== 'object') return 0;
  const m = message as Record<string, unknown>;
  let chars = textChars(m['content']);
  const calls = m['tool_calls'];
  if (Array.isArray(calls))
    for (const call of calls as unknown[]) {
      const fn = call !== null && typeof call === 'object' ? (call as Record<string, unknown>)['function'] : undefined;
      if (fn !== null && typeof fn === 'object') {
        const f = fn as Record<string, unknown>;
        chars += textChars(f['name']) + textChars(f['arguments']);
      }
    }
  return chars;
}

/** Prompt tokens of a request's messages. */
export function promptTokens(messages: readonly unknown[]): number {
  return tokensOfChars(messages.reduce<number>((sum, m) => sum + messageChars(m), 0));
}

/** Characters of a content field: a string, or the text parts of a content array. */
function textChars(content: unknown): number {
  if (typeof content === 'string') return content.length;
  if (Array.isArray(content))
    return (content as unknown[]).reduce<number>((sum, part) => {
      const text = part !== null && typeof part === 'object' ? (part as Record<string, unknown>)['text'] : undefined;
      return sum + (typeof text === 'string' ? text.length : 0);
    }, 0);
  return 0;
}
