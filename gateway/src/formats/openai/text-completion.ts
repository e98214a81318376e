/**
 * OpenAI's legacy text completion answers (`object: "text_completion"`), as the response cache
 * keeps them: one completion read into a canonical answer, and rendered back as a JSON body or
 * as a stream's chunks. Calls with several completions or logprobs are never cached
 * (cache/body-key.ts), so a choice's text, finish reason and the usage are all there is.
 */
import { randomUUID } from 'node:crypto';
import { emptyUsage } from '../../canonical/types';
import type { ChatResponse, StreamEvent, Usage } from '../../canonical/types';
import type { GatewayError } from '../../errors/gateway-error';
import { sseFrame } from '../../sse/decoder';
import type { SseEvent } from '../../sse/decoder';
import type { AnswerRenderer, RenderContext, StreamParser, StreamRenderer } from '../types';
import { isObject } from '../json-object';
import { renderOpenAIError } from './errors';
import { fromOpenAIFinishReason, toOpenAIFinishReason } from './finish-reason';
import { createChatStreamParser } from './stream-parser';
import { fromOpenAIUsage, toOpenAIUsage } from './usage';

/** The first choice of a text completion (a JSON body or a chunk): its text and finish reason. */
function firstChoice(body: Record<string, unknown>): { text: string; finishReason: string | null } | undefined {
  if (!Array.isArray(body.choices)) return undefined;
  const choice: unknown = body.choices.find((c: unknown) => isObject(c) && (c.index == null || c.index === 0));
  if (!isObject(choice)) return undefined;
  return { text: typeof choice.text === 'string' ? choice.text : '', finishReason: typeof choice.finish_reason === 'string' ? choice.finish_reason : null };
}

const stringField = (body: Record<string, unknown>, name: string): string => (typeof body[name] === 'string' ? (body[name] as string) : '');

/** A `text_completion` JSON answer → canonical. Throws for a body that is none. */
export function parseTextCompletion(body: unknown): ChatResponse {
  const choice = isObject(body) ? firstChoice(body) : undefined;
  if (!isObject(body) || choice === undefined) throw new TypeError('not a text completion: it has no choices');
  return {
    id: stringField(body, 'id'),
    model: stringField(body, 'model'),
    content: choice.text === '' ? [] : [{ type: 'text', text: choice.text }],
    finishReason: fromOpenAIFinishReason(choice.finishReason, false),
    usage: fromOpenAIUsage(body.usage) ?? emptyUsage(),
  };
}

/** OpenAI's text completion ids look like `cmpl-…`. */
const completionId = (id: string): string => (id === '' ? `cmpl-${randomUUID().replaceAll('-', '')}` : id);

/** The usage object of a text completion: chat's counters without their details, as OpenAI sends them. */
function textUsage(usage: Partial<Usage>): { prompt_tokens: number; completion_tokens: number; total_tokens: number } {
  const { prompt_tokens, completion_tokens, total_tokens } = toOpenAIUsage(usage);
  return { prompt_tokens, completion_tokens, total_tokens };
}

const textOf = (response: ChatResponse): string => response.content.map((part) => (part.type === 'text' ? part.text : '')).join('');

/** Canonical → a `text_completion` body. */
export function renderTextCompletion(response: ChatResponse, ctx: RenderContext): Record<string, unknown> {
  return {
    id: completionId(response.id),
    object: 'text_completion',
    created: ctx.created,
    model: ctx.model,
    choices: [{ text: textOf(response), index: 0, logprobs: null, finish_reason: toOpenAIFinishReason(response.finishReason, false) }],
    usage: textUsage(response.usage),
  };
}

/**
 * Canonical events → `text_completion` chunks, as OpenAI streams them: text chunks, one that
 * carries finish_reason, the usage chunk (`choices: []`) when the client asked for it, then
 * `data: [DONE]`. With usage asked for, every other chunk says `"usage": null`.
 */
export function createTextCompletionStreamRenderer(ctx: RenderContext): StreamRenderer {
  let id: string | undefined;
  let usage: Partial<Usage> = {};
  let finished = false;
  let closed = false;
  const chunk = (choices: unknown[], extra?: Record<string, unknown>): string => {
    const body: Record<string, unknown> = { id: (id ??= completionId('')), object: 'text_completion', created: ctx.created, model: ctx.model, choices };
    if (ctx.includeUsage) body.usage = null;
    return sseFrame(JSON.stringify(extra ? Object.assign(body, extra) : body));
  };
  const textChunk = (text: string, finishReason: string | null): string => chunk([{ text, index: 0, logprobs: null, finish_reason: finishReason }]);
  const finish = (reason: Parameters<typeof toOpenAIFinishReason>[0]): string => {
    if (finished) return '';
    finished = true;
    return textChunk('', toOpenAIFinishReason(reason, false));
  };
  return {
    push(event: StreamEvent): string {
      if (closed) return '';
      switch (event.type) {
        case 'start':
          id ??= completionId(event.id);
          if (event.usage !== undefined) usage = { ...usage, ...event.usage };
          return '';
        case 'text':
          return event.text === '' ? '' : textChunk(event.text, null);
        case 'usage':
          usage = { ...usage, ...event.usage };
          return '';
        case 'finish':
          return finish(event.finishReason);
        default:
          // A text completion has no thinking or tool calls.
          return '';
      }
    },
    end(): string {
      if (closed) return '';
      let out = finish('stop');
      closed = true;
      if (ctx.includeUsage) out += chunk([], { usage: textUsage(usage) });
      return out + sseFrame('[DONE]');
    },
    error(error: GatewayError): string {
      if (closed) return '';
      closed = true;
      return sseFrame(JSON.stringify(renderOpenAIError(error)));
    },
  };
}

/** How a text completion answer is rendered for its client (the part of a ClientFormat the cache uses). */
export const textCompletionRenderer: AnswerRenderer = {
  renderResponse: renderTextCompletion,
  createStreamRenderer: createTextCompletionStreamRenderer,
};

/**
 * `text_completion` SSE chunks → canonical events (what a cache stores of a streamed answer).
 * Error chunks, a body that is not JSON and the stream's end are read as a chat stream's are:
 * OpenAI-shaped servers fail and end both kinds alike.
 */
export function createTextCompletionStreamParser(): StreamParser {
  const chat = createChatStreamParser();
  let started = false;
  let finished = false;
  return {
    push(event: SseEvent): StreamEvent[] {
      const data = event.data.trim();
      let json: unknown;
      try {
        json = data === '' || data === '[DONE]' ? undefined : JSON.parse(data);
      } catch {
        json = undefined;
      }
      // [DONE], errors and what is no JSON: the chat parser notes the end or throws.
      if (!isObject(json) || event.event === 'error' || json.error != null) return chat.push(event);
      const events: StreamEvent[] = [];
      if (!started) {
        started = true;
        events.push({ type: 'start', id: stringField(json, 'id'), model: stringField(json, 'model') });
      }
      const choice = firstChoice(json);
      if (choice !== undefined && choice.text !== '') events.push({ type: 'text', text: choice.text });
      if (choice?.finishReason != null && !finished) {
        finished = true;
        events.push({ type: 'finish', finishReason: fromOpenAIFinishReason(choice.finishReason, false) });
      }
      const usage = fromOpenAIUsage(json.usage);
      if (usage !== undefined) events.push({ type: 'usage', usage });
      return events;
    },
    // A stream that sent its finish is complete; one that did not ends as a chat stream does
    // (a finish after [DONE], or a truncation error without it).
    end: () => (finished ? [] : chat.end()),
  };
}
