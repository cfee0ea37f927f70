/**
 * The record of a model call an agent notes on its step (`StepTurn.calls`), from the call and
 * the gateway's answer: the answer as is, plus the cost from the role's prices.
 */
import type { ModelCallRecord } from '../../team/turn.js';
import type { ChatAnswer, ChatCall } from '../types.js';
import { costUsd } from './cost.js';

/** The {@link ModelCallRecord} of `call` answered by `answer` (cost null without prices). */
export function modelCallRecord(call: ChatCall, answer: ChatAnswer): ModelCallRecord {
  return {
    key: answer.key,
    ordinal: call.ordinal,
    model: call.request.model,
    message: answer.message,
    usage: answer.usage,
    costUsd: costUsd(answer.usage, call.settings.prices),
    latencyMs: answer.latencyMs,
    attempts: answer.attempts,
  };
}
