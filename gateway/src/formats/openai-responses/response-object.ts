import { randomBytes } from 'node:crypto';
import { emptyUsage } from '../../canonical/types';
import type { ChatRequest, FinishReason, ToolChoice, Usage } from '../../canonical/types';
import type { RenderContext } from '../types';

/** An output item of a response, as the Responses API shapes it. */
export type OutputItem =
  | { id: string; type: 'message'; status: ItemStatus; role: 'assistant'; content: OutputText[] }
  | { id: string; type: 'function_call'; status: ItemStatus; call_id: string; name: string; arguments: string }
  | { id: string; type: 'reasoning'; summary: SummaryText[]; encrypted_content?: string };

export type ItemStatus = 'in_progress' | 'completed' | 'incomplete';
export interface OutputText { type: 'output_text'; text: string; annotations: never[]; logprobs: never[] }
export interface SummaryText { type: 'summary_text'; text: string }

export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number; cache_write_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/**
 * The provider's signature of a thinking block, carried as a reasoning item's `encrypted_content`
 * (what the API uses for opaque reasoning state a stateless client sends back). The prefix marks
 * it as the gateway's, so OpenAI's own encrypted reasoning is never mistaken for a signature.
 */
const SIGNATURE_PREFIX = 'swb1:';

export const encryptedContent = (signature: string): string => `${SIGNATURE_PREFIX}${signature}`;

/** The signature in a reasoning item's `encrypted_content`, if the gateway put it there. */
export function signatureIn(encrypted: string | null | undefined): string | undefined {
  return encrypted != null && encrypted.startsWith(SIGNATURE_PREFIX) ? encrypted.slice(SIGNATURE_PREFIX.length) : undefined;
}

/**
 * Ids like OpenAI's (`resp_…`, `msg_…`, `fc_…`, `rs_…`): clients and logs read the prefix. A
 * reasoning item's id is marked as the gateway's (`rs_swb…`): a client sends the item back, and
 * one that reaches OpenAI natively must go without it (OpenAI refuses ids it never stored).
 */
export function itemId(prefix: 'resp' | 'msg' | 'fc' | 'rs'): string {
  return `${prefix}_${prefix === 'rs' ? GATEWAY_MARK : ''}${randomBytes(24).toString('hex')}`;
}

const GATEWAY_MARK = 'swb';

/** Whether a reasoning item's id is one the gateway gave it. */
export const isGatewayReasoningId = (id: string): boolean => id.startsWith(`rs_${GATEWAY_MARK}`);

/** How a finish reads in a response: its status, and why it is incomplete when it is. */
export function statusOf(reason: FinishReason): { status: ResponseStatus; incomplete?: 'max_output_tokens' | 'content_filter' } {
  switch (reason) {
    case 'length':
      return { status: 'incomplete', incomplete: 'max_output_tokens' };
    case 'content_filter':
    case 'refusal':
      return { status: 'incomplete', incomplete: 'content_filter' };
    case 'error':
      return { status: 'failed' };
    default:
      return { status: 'completed' };
  }
}

/**
 * Canonical → Responses usage. Like chat's prompt_tokens, input_tokens counts every input token
 * and reports the cached and cache-written shares inside it; canonical keeps the buckets apart.
 */
export function toResponsesUsage(usage: Partial<Usage>): ResponsesUsage {
  const u = Object.assign(emptyUsage(), usage);
  const input = u.inputTokens + u.cachedInputTokens + u.cacheWriteTokens;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: u.cachedInputTokens, cache_write_tokens: u.cacheWriteTokens },
    output_tokens: u.outputTokens,
    output_tokens_details: { reasoning_tokens: u.reasoningTokens },
    total_tokens: input + u.outputTokens,
  };
}

export interface ResponseState {
  id: string;
  status: ResponseStatus;
  output: OutputItem[];
  usage: ResponsesUsage | null;
  incomplete?: 'max_output_tokens' | 'content_filter';
  error?: { code: string; message: string };
}

/**
 * The whole response object: the state of this answer plus the request settings the API echoes
 * back (SDKs read `tools`, `tool_choice`, `text.format` from it to parse the answer). The
 * gateway stores nothing, so `store` is always false and `previous_response_id` null.
 */
export function responseObject(state: ResponseState, ctx: RenderContext): Record<string, unknown> {
  const request = ctx.request;
  const done = state.status === 'completed';
  return {
    id: state.id,
    object: 'response',
    created_at: ctx.created,
    status: state.status,
    background: false,
    completed_at: done ? Math.floor(Date.now() / 1000) : null,
    error: state.error ?? null,
    incomplete_details: state.incomplete === undefined ? null : { reason: state.incomplete },
    instructions: instructionsOf(request),
    max_output_tokens: request?.maxTokens ?? null,
    metadata: request?.metadata ?? {},
    model: ctx.model,
    output: state.output,
    parallel_tool_calls: request?.parallelToolCalls ?? true,
    previous_response_id: null,
    reasoning: { effort: request?.thinking?.effort ?? null, summary: null },
    store: false,
    temperature: request?.temperature ?? 1,
    text: { format: formatOf(request), verbosity: request?.verbosity ?? 'medium' },
    tool_choice: toolChoiceOf(request?.toolChoice),
    tools: (request?.tools ?? []).map((tool) => ({
      type: 'function',
      name: tool.name,
      description: tool.description ?? null,
      parameters: tool.parameters,
      strict: tool.strict ?? null,
    })),
    top_p: request?.topP ?? 1,
    truncation: 'disabled',
    usage: state.usage,
    user: request?.user ?? null,
  };
}

function instructionsOf(request: ChatRequest | undefined): string | null {
  if (request === undefined || request.system.length === 0) return null;
  return request.system.map((part) => part.text).join('\n\n');
}

function formatOf(request: ChatRequest | undefined): Record<string, unknown> {
  const format = request?.responseFormat;
  if (format === undefined || format.type !== 'json_schema') return { type: format?.type ?? 'text' };
  return { type: 'json_schema', name: format.name, schema: format.schema, strict: format.strict ?? null, description: format.description ?? null };
}

function toolChoiceOf(choice: ToolChoice | undefined): unknown {
  if (choice === undefined) return 'auto';
  return choice.type === 'tool' ? { type: 'function', name: choice.name } : choice.type;
}
