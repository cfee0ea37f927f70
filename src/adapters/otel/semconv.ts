/**
 * The attribute names of exported episodes: the OpenTelemetry GenAI semantic conventions where
 * they fit (model calls, tool execution, the acting agent), `faultline.*` for the rest.
 */

/** GenAI semantic-convention attribute names used on model-call and step spans. */
export const GEN_AI = {
  operationName: 'gen_ai.operation.name',
  requestModel: 'gen_ai.request.model',
  responseModel: 'gen_ai.response.model',
  finishReasons: 'gen_ai.response.finish_reasons',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  cacheReadInputTokens: 'gen_ai.usage.cache_read.input_tokens',
  agentName: 'gen_ai.agent.name',
  toolName: 'gen_ai.tool.name',
  toolCallId: 'gen_ai.tool.call.id',
  toolType: 'gen_ai.tool.type',
  conversationId: 'gen_ai.conversation.id',
} as const;

/** faultline's own attribute names. */
export const FAULTLINE = {
  // episode (root span)
  env: 'faultline.env',
  team: 'faultline.team',
  seed: 'faultline.seed',
  trial: 'faultline.trial',
  variant: 'faultline.variant',
  /** Only on an episode of a world size other than its family's own. */
  worldSize: 'faultline.world_size',
  task: 'faultline.task',
  view: 'faultline.view',
  profile: 'faultline.profile',
  outcome: 'faultline.outcome',
  success: 'faultline.success',
  score: 'faultline.score',
  reward: 'faultline.reward',
  steps: 'faultline.steps',
  handoffs: 'faultline.handoffs',
  invalidActions: 'faultline.invalid_actions',
  toolErrors: 'faultline.tool_errors',
  digest: 'faultline.digest',
  failureModes: 'faultline.failure_modes',
  violated: 'faultline.violated',
  usageCalls: 'faultline.usage.calls',
  usageInputTokens: 'faultline.usage.input_tokens',
  usageOutputTokens: 'faultline.usage.output_tokens',
  usageCostUsd: 'faultline.usage.cost_usd',
  perturbationsAtReset: 'faultline.perturbation.at_reset',
  // step
  step: 'faultline.step',
  role: 'faultline.role',
  actionType: 'faultline.action.type',
  tool: 'faultline.tool',
  handoffTo: 'faultline.handoff.to',
  clock: 'faultline.clock',
  ok: 'faultline.ok',
  ledger: 'faultline.ledger',
  errorCode: 'faultline.error.code',
  reads: 'faultline.reads',
  writes: 'faultline.writes',
  perturbationFired: 'faultline.perturbation.fired',
  perturbationIds: 'faultline.perturbation.ids',
  perturbationTypes: 'faultline.perturbation.types',
  perturbationKinds: 'faultline.perturbation.kinds',
  // failure modes at a step
  rootOf: 'faultline.failure_mode.root_of',
  rootMast: 'faultline.failure_mode.mast',
  primaryMode: 'faultline.failure_mode.primary',
  primaryDetail: 'faultline.failure_mode.primary_detail',
  handoffRequired: 'faultline.handoff.required',
  handoffCarried: 'faultline.handoff.carried',
  handoffMissing: 'faultline.handoff.missing',
  handoffLost: 'faultline.handoff.lost',
  handoffHarmful: 'faultline.handoff.harmful',
  handoffMisstated: 'faultline.handoff.misstated',
  handoffTransit: 'faultline.handoff.transit',
  handoffLossRoot: 'faultline.handoff_loss.root',
  driftOnset: 'faultline.drift.onset',
  driftRoot: 'faultline.drift.root',
  cascadeSource: 'faultline.cascade.source',
  cascadeRoot: 'faultline.cascade.root',
  recoveryResponse: 'faultline.recovery.response',
  recoveryRoot: 'faultline.recovery.root',
  // model call
  callKey: 'faultline.model_call.key',
  callOrdinal: 'faultline.model_call.ordinal',
  callLatencyMs: 'faultline.model_call.latency_ms',
  callCostUsd: 'faultline.model_call.cost_usd',
  callRetries: 'faultline.model_call.retries',
  callToolCalls: 'faultline.model_call.tool_calls',
} as const;

/** The root span's name. */
export const EPISODE_SPAN = 'faultline.episode';
