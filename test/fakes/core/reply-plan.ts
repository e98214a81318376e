import { estimateTokens } from './text';
import type { ReplyContent } from './types';

export interface PlannedToolCall {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
  /** The arguments as the JSON text a provider streams. */
  json: string;
}

/** A behaviour's content made concrete for one request, before any wire formatting. */
export interface ReplyPlan {
  text: string;
  thinking: string | undefined;
  toolCalls: PlannedToolCall[];
  model: string;
  finishReason: string | undefined;
  finishMessage: string | undefined;
  usage: {
    input: number;
    /** Output tokens as the provider's main output field reports them (see `thinkingInOutput`). */
    output: number;
    cached: number;
    cacheCreation: number;
    /** Of `cacheCreation`, the 1-hour writes. */
    cacheCreation1h: number;
    reasoning: number;
    webSearches: number;
  };
}

export interface RequestFacts {
  model: string;
  /** All prompt text (system, messages, tool results) concatenated; drives the input estimate. */
  promptText: string;
  lastUserText: string;
  thinkingRequested: boolean;
  /** OpenAI and Anthropic count thinking inside output tokens; Gemini reports it separately. */
  thinkingInOutput: boolean;
  toolCallId: (index: number) => string;
}

/** Resolves defaults: `echo: <last user text>`, token estimates of chars/4, thinking on request. */
export function planReply(content: ReplyContent, facts: RequestFacts): ReplyPlan {
  const toolCalls = (content.toolCalls ?? []).map((call, index) => ({
    id: call.id ?? facts.toolCallId(index),
    name: call.name,
    arguments: call.arguments,
    json: JSON.stringify(call.arguments),
  }));
  const text = content.text ?? (toolCalls.length > 0 ? '' : `echo: ${facts.lastUserText}`);
  const thinking =
    content.thinking ?? (facts.thinkingRequested ? `Thinking about: ${facts.lastUserText}` : undefined);

  const reasoning = content.usage?.reasoningTokens ?? estimateTokens(thinking ?? '');
  const visibleOutput = estimateTokens(text + toolCalls.map((call) => call.json).join(''));
  return {
    text,
    thinking,
    toolCalls,
    model: content.model ?? facts.model,
    finishReason: content.finishReason,
    finishMessage: content.finishMessage,
    usage: {
      input: content.usage?.inputTokens ?? Math.max(1, estimateTokens(facts.promptText)),
      output: content.usage?.outputTokens ?? visibleOutput + (facts.thinkingInOutput ? reasoning : 0),
      cached: content.usage?.cachedTokens ?? 0,
      cacheCreation: content.usage?.cacheCreationTokens ?? 0,
      cacheCreation1h: content.usage?.cacheCreation1hTokens ?? 0,
      webSearches: content.usage?.webSearchRequests ?? 0,
      reasoning,
    },
  };
}
