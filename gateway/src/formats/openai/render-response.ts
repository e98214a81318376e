import { randomUUID } from 'node:crypto';
import type { ChatResponse, ContentPart } from '../../canonical/types';
import type { RenderContext } from '../types';
import { toOpenAIFinishReason, type OpenAIFinishReason } from './finish-reason';
import { toOpenAIUsage, type OpenAIUsage } from './usage';

export interface OpenAIToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: Array<{
    index: 0;
    message: {
      role: 'assistant';
      content: string | null;
      /** The model's reasoning, when the provider exposed it (DeepSeek/LiteLLM convention). */
      reasoning_content?: string;
      tool_calls?: OpenAIToolCall[];
      refusal: null;
    };
    logprobs: null;
    finish_reason: OpenAIFinishReason;
  }>;
  usage: OpenAIUsage;
}

/** OpenAI ids look like `chatcmpl-…`; some clients group or log by that prefix. */
export function completionId(id: string): string {
  if (id === '') return `chatcmpl-${randomUUID().replaceAll('-', '')}`;
  return id.startsWith('chatcmpl-') ? id : `chatcmpl-${id}`;
}

/** Canonical response → OpenAI `chat.completion`. */
export function renderChatCompletion(response: ChatResponse, ctx: RenderContext): ChatCompletion {
  const text = joined(response.content, 'text');
  const reasoning = joined(response.content, 'thinking');
  const toolCalls: OpenAIToolCall[] = [];
  for (const part of response.content) {
    if (part.type === 'tool-call') {
      toolCalls.push({ id: part.id, type: 'function', function: { name: part.name, arguments: part.arguments } });
    }
  }
  const message: ChatCompletion['choices'][number]['message'] = { role: 'assistant', content: text, refusal: null };
  if (reasoning !== null) message.reasoning_content = reasoning;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return {
    id: completionId(response.id),
    object: 'chat.completion',
    created: ctx.created,
    model: ctx.model,
    choices: [{
      index: 0,
      message,
      logprobs: null,
      finish_reason: toOpenAIFinishReason(response.finishReason, toolCalls.length > 0),
    }],
    usage: toOpenAIUsage(response.usage),
  };
}

function joined(content: ContentPart[], type: 'text' | 'thinking'): string | null {
  const texts: string[] = [];
  for (const part of content) if (part.type === type) texts.push(part.text);
  return texts.length === 0 ? null : texts.join('');
}
