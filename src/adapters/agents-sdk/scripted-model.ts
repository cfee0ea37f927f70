/**
 * A scripted Agents SDK `Model` for tests and examples: it answers each request with the next
 * scripted turn (tool calls, handoff calls, a message), deterministically and offline. It is the
 * SDK's documented extension point (`@openai/agents@0.14` ships no scripted model of its own;
 * `ScriptedModel` arrived in `@openai/agents-core/testing` 0.16, which needs `openai@7`/Node 22).
 * Its token counts are deterministic, as the scripted model server's: a quarter of the characters
 * of the request (instructions and input) and of the answer, rounded up.
 */
import { Usage, type Model, type ModelRequest, type ModelResponse, type StreamEvent } from '@openai/agents';

/** The output items of a finished response (what both the plain and the streamed answers carry). */
type DoneOutput = Extract<StreamEvent, { type: 'response_done' }>['response']['output'];

/** ceil(characters / 4) of a value's JSON: a stand-in token count that is the same on every run. */
function tokens(value: unknown): number {
  return Math.ceil(JSON.stringify(value).length / 4);
}

/** One scripted model turn. */
export type ScriptedTurn =
  | { readonly call: string; readonly args?: Readonly<Record<string, unknown>>; readonly say?: string }
  | {
      readonly calls: readonly { readonly name: string; readonly args?: Readonly<Record<string, unknown>> }[];
      readonly say?: string;
    }
  | { readonly say: string };

/** A model that plays a fixed script of turns; past its end it answers with a final message. */
export class ScriptedAgentModel implements Model {
  private next = 0;
  private lastOutput: DoneOutput = [];
  /** The requests it has received, in order. */
  readonly requests: ModelRequest[] = [];

  /** @param turns - the turns, in order; `name` appears in call ids. */
  constructor(
    private readonly turns: readonly ScriptedTurn[],
    private readonly name = 'scripted',
  ) {}

  /** How many turns are left. */
  get remaining(): number {
    return this.turns.length - this.next;
  }

  /** Answers with the next scripted turn. */
  getResponse(request: ModelRequest): Promise<ModelResponse> {
    this.requests.push(request);
    const index = this.next;
    const turn: ScriptedTurn = this.turns[index] ?? { say: 'Done.' };
    this.next = Math.min(this.next + 1, this.turns.length);
    const output: DoneOutput = [];
    if (turn.say !== undefined)
      output.push({
        type: 'message',
        role: 'assistant',
        status: 'completed',
        content: [{ type: 'output_text', text: turn.say }],
      });
    const calls = 'calls' in turn ? turn.calls : 'call' in turn ? [{ name: turn.call, args: turn.args }] : [];
    calls.forEach((c, i) =>
      output.push({
        type: 'function_call',
        callId: `${this.name}-${index}-${i}`,
        name: c.name,
        arguments: JSON.stringify(c.args ?? {}),
        status: 'completed',
      }),
    );
    this.lastOutput = output;
    const inputTokens = tokens({ instructions: request.systemInstructions ?? null, input: request.input });
    const outputTokens = tokens(output);
    return Promise.resolve({
      usage: new Usage({ requests: 1, inputTokens, outputTokens, totalTokens: inputTokens + outputTokens }),
      output,
      responseId: `${this.name}-${index}`,
    });
  }

  /** Streams the next scripted turn as one `response_done` event. */
  async *getStreamedResponse(request: ModelRequest): AsyncIterable<StreamEvent> {
    const response = await this.getResponse(request);
    yield {
      type: 'response_done',
      response: {
        id: response.responseId ?? this.name,
        usage: {
          requests: 1,
          inputTokens: response.usage.inputTokens,
          outputTokens: response.usage.outputTokens,
          totalTokens: response.usage.totalTokens,
        },
        output: this.lastOutput,
      },
    };
  }
}
