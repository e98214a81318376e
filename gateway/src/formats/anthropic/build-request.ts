import type { ChatRequest, ResponseFormat, ThinkingConfig, ToolChoice } from '../../canonical/types';
import { type AnthropicMessage, type Block, buildMessages, cacheControl } from './build-content';
import { limitCacheBreakpoints } from './cache-breakpoints';
import { modelCapabilities, type ModelCapabilities } from './model-capabilities';

/**
 * The `anthropic-version` the body is built for. `2026-10-21` (what SDK 1.x sends) removed
 * temperature/top_p/top_k; `2023-06-01` still takes them from models older than Claude 4.7.
 * Everything else built here is valid under both. The default matches the provider adapter.
 */
export type AnthropicApiVersion = '2023-06-01' | '2026-10-21';
export const DEFAULT_ANTHROPIC_API_VERSION: AnthropicApiVersion = '2023-06-01';

/**
 * max_tokens is required by Anthropic and optional elsewhere. Without one we ask for 8192
 * (every Claude model from 3.5 on allows at least that much output; older ones get their own
 * cap, 4096), and 16384 when the model thinks adaptively, because thinking tokens count
 * against max_tokens.
 */
export const DEFAULT_MAX_TOKENS = 8192;
export const DEFAULT_THINKING_MAX_TOKENS = 16384;
const MIN_BUDGET_TOKENS = 1024;

/**
 * OpenAI's reasoning_effort as a thinking budget, for models that take budget-based thinking:
 * `minimal` is Anthropic's floor, and each step up roughly triples the room to reason.
 */
export const EFFORT_BUDGETS = { minimal: 1024, low: 3072, medium: 8192, high: 24576 } as const;

/** A budget as an effort level, for models that only take adaptive thinking. */
const effortForBudget = (budget: number): 'low' | 'medium' | 'high' =>
  budget <= 4096 ? 'low' : budget <= 16384 ? 'medium' : 'high';

/** OpenAI's `minimal` has no Anthropic counterpart; `low` is the closest. */
const anthropicEffort = (effort: NonNullable<ThinkingConfig['effort']>): 'low' | 'medium' | 'high' =>
  effort === 'minimal' ? 'low' : effort;

/**
 * Whether thinking can be switched on at all. Anthropic refuses it with a forced tool choice,
 * and when the last assistant turn made tool calls without a (signed) thinking block first —
 * which is what a conversation started on another provider looks like.
 */
function thinkingAllowed(toolChoice: ToolChoice | undefined, messages: AnthropicMessage[]): boolean {
  if (toolChoice?.type === 'required' || toolChoice?.type === 'tool') return false;
  const lastAssistant = [...messages].reverse().find((m) => m.role === 'assistant');
  if (lastAssistant === undefined || !lastAssistant.content.some((b) => b.type === 'tool_use')) return true;
  const first = lastAssistant.content[0]?.type;
  return first === 'thinking' || first === 'redacted_thinking';
}

interface ThinkingPlan {
  fields: Record<string, unknown>;
  effort?: 'low' | 'medium' | 'high';
  maxTokens: number;
  thinking: boolean;
}

function planThinking(request: ChatRequest, capabilities: ModelCapabilities, messages: AnthropicMessage[]): ThinkingPlan {
  const config = request.thinking;
  // Without a client's max_tokens: the default, or less where the model takes less.
  const off = { fields: {}, maxTokens: request.maxTokens ?? Math.min(DEFAULT_MAX_TOKENS, capabilities.maxOutputTokens ?? DEFAULT_MAX_TOKENS), thinking: false };
  if (config === undefined || !thinkingAllowed(request.toolChoice, messages)) return off;
  // A model that cannot think (before Claude 3.7) is asked without it: answered without reasoning, not refused.
  if (!capabilities.thinking) return off;
  if (capabilities.adaptiveThinking) {
    const effort =
      config.effort !== undefined ? anthropicEffort(config.effort) : config.budgetTokens !== undefined ? effortForBudget(config.budgetTokens) : undefined;
    return {
      fields: { thinking: { type: 'adaptive' } },
      ...(effort === undefined ? {} : { effort }),
      maxTokens: request.maxTokens ?? DEFAULT_THINKING_MAX_TOKENS,
      thinking: true,
    };
  }
  // Budget-based thinking: budget_tokens must be at least 1024 and below max_tokens, which
  // covers thinking and answer together. A caller's max_tokens is kept and the budget fitted
  // under it; without one, the answer gets DEFAULT_MAX_TOKENS on top of the budget.
  let budget = config.budgetTokens ?? EFFORT_BUDGETS[config.effort ?? 'medium'];
  // Within what the model takes: Opus 4.1 refuses 24576 + 8192 (a `high` effort) as over its 32000.
  const maxTokens = request.maxTokens ?? Math.min(budget + DEFAULT_MAX_TOKENS, capabilities.maxOutputTokens ?? Infinity);
  budget = Math.min(budget, maxTokens - 1);
  if (budget < MIN_BUDGET_TOKENS) return { ...off, maxTokens };
  return { fields: { thinking: { type: 'enabled', budget_tokens: budget } }, maxTokens, thinking: true };
}

function toolChoiceField(request: ChatRequest): Record<string, unknown> {
  const noParallel = request.parallelToolCalls === false ? { disable_parallel_tool_use: true } : {};
  const choice = request.toolChoice;
  if (choice === undefined) return request.parallelToolCalls === false ? { tool_choice: { type: 'auto', ...noParallel } } : {};
  switch (choice.type) {
    case 'auto':
      return { tool_choice: { type: 'auto', ...noParallel } };
    case 'none':
      return { tool_choice: { type: 'none' } };
    case 'required':
      return { tool_choice: { type: 'any', ...noParallel } };
    case 'tool':
      return { tool_choice: { type: 'tool', name: choice.name, ...noParallel } };
  }
}

/**
 * Anthropic has no schema-less JSON mode, and structured outputs (`output_config.format`)
 * only from Claude 4.5 on. Elsewhere the format becomes an instruction at the end of the
 * system prompt — honoured well in practice, but not guaranteed.
 */
function jsonInstruction(format: ResponseFormat): string {
  const base = 'Respond with a single valid JSON object and nothing else: no prose, no Markdown code fences.';
  return format.type === 'json_schema' ? `${base} The object must conform to this JSON Schema:\n${JSON.stringify(format.schema)}` : base;
}

/** Builds the Messages API body for `model` (API version `apiVersion`) from a canonical request. */
export function buildAnthropicRequest(
  request: ChatRequest,
  model: string,
  apiVersion: AnthropicApiVersion = DEFAULT_ANTHROPIC_API_VERSION,
): Record<string, unknown> {
  const messages = buildMessages(request.messages);
  const capabilities = modelCapabilities(model);
  const plan = planThinking(request, capabilities, messages);
  const system: Block[] = request.system
    .filter((p) => p.text !== '')
    .map((p) => ({ type: 'text', text: p.text, ...cacheControl(p.cacheControl) }));
  const outputConfig: Record<string, unknown> = plan.effort === undefined ? {} : { effort: plan.effort };
  const format = request.responseFormat;
  if (format !== undefined && format.type !== 'text') {
    if (format.type === 'json_schema' && capabilities.structuredOutputs) {
      outputConfig.format = { type: 'json_schema', schema: format.schema };
    } else {
      system.push({ type: 'text', text: jsonInstruction(format) });
    }
  }
  const tools = request.tools ?? [];
  const body: Record<string, unknown> = {
    model,
    max_tokens: plan.maxTokens,
    messages,
    ...(system.length > 0 ? { system } : {}),
    ...plan.fields,
    ...(Object.keys(outputConfig).length > 0 ? { output_config: outputConfig } : {}),
  };
  if (tools.length > 0) {
    body.tools = tools.map((t) => ({
      name: t.name,
      ...(t.description === undefined ? {} : { description: t.description }),
      // Anthropic requires an object schema; OpenAI allows a bare `{}` for "no arguments".
      input_schema: { type: 'object', ...t.parameters },
      // Strict tools came with structured outputs; older models refuse the field (400).
      ...(t.strict === undefined || !capabilities.structuredOutputs ? {} : { strict: t.strict }),
      ...cacheControl(t.cacheControl),
    }));
    Object.assign(body, toolChoiceField(request));
  }
  if (request.stop !== undefined && request.stop.length > 0) body.stop_sequences = request.stop;
  if (apiVersion === '2023-06-01' && capabilities.samplingParameters) {
    Object.assign(body, samplingFields(request, plan.thinking));
  }
  if (request.user !== undefined) body.metadata = { user_id: request.user };
  if (request.stream) body.stream = true;
  limitCacheBreakpoints(body);
  // seed, frequency/presence penalties and free-form metadata have no Anthropic counterpart.
  return body;
}

/**
 * Sampling parameters, for API version 2023-06-01 and models that still take them. Values
 * that would turn the request into a 400 are left out instead: thinking refuses temperature
 * and top_k and takes top_p only from 0.95, and Claude 4.x refuses temperature together with
 * top_p, so temperature wins.
 */
function samplingFields(request: ChatRequest, thinking: boolean): Record<string, number> {
  const out: Record<string, number> = {};
  // OpenAI's temperature runs to 2, Anthropic's to 1.
  if (!thinking && request.temperature !== undefined) out.temperature = Math.min(request.temperature, 1);
  if (request.topP !== undefined && out.temperature === undefined && (!thinking || request.topP >= 0.95)) out.top_p = request.topP;
  if (!thinking && request.topK !== undefined) out.top_k = request.topK;
  return out;
}
