import { z } from 'zod';
import type { StreamEvent } from '../../canonical/types';
import { GatewayError, streamTruncated } from '../../errors/gateway-error';
import type { SseEvent } from '../../sse/decoder';
import type { StreamParser } from '../types';
import { kindForOpenAIError, parseOpenAIError } from './errors';
import { fromOpenAIFinishReason } from './finish-reason';
import { argumentsSchema, partsText, textLike } from './parse-response';
import { fromOpenAIUsage } from './usage';

const optionalString = z.string().nullish().catch(undefined);

const toolCallDelta = z.object({
  index: z.number().int().nonnegative().nullish().catch(undefined),
  id: optionalString,
  function: z.object({ name: optionalString, arguments: argumentsSchema.catch('') }).nullish(),
});

const chunkSchema = z.object({
  id: optionalString,
  model: optionalString,
  choices: z.array(z.object({
    index: z.number().nullish().catch(undefined),
    delta: z.object({
      content: textLike,
      reasoning_content: optionalString,
      reasoning: optionalString,
      refusal: optionalString,
      tool_calls: z.array(toolCallDelta).nullish(),
      function_call: toolCallDelta.shape.function,
    }).nullish(),
    finish_reason: optionalString,
  })).nullish(),
  usage: z.unknown().optional(),
  // Groq reports usage here on the last chunk.
  x_groq: z.object({ usage: z.unknown().optional() }).nullish().catch(undefined),
});

type ToolCallDelta = z.infer<typeof toolCallDelta>;

interface ToolCallState {
  /** The canonical index: tool calls in order of appearance. */
  slot: number;
  id?: string;
  name?: string;
  /** Arguments that arrived before the name (some servers), held until the call can start. */
  pendingArguments: string;
  started: boolean;
}

/** OpenAI-style SSE (data-only frames ending in `[DONE]`) → canonical stream events. */
export function createChatStreamParser(): StreamParser {
  let started = false;
  let finished = false;
  let done = false;
  /** Calls by upstream `index`; `all` keeps every call, including ones that came without one. */
  const calls = new Map<number, ToolCallState>();
  const byId = new Map<string, ToolCallState>();
  const all: ToolCallState[] = [];
  let lastCall: ToolCallState | undefined;

  const startCall = (call: ToolCallState, events: StreamEvent[]): void => {
    call.started = true;
    events.push({ type: 'tool-call-start', index: call.slot, id: call.id ?? `call_${call.slot}`, name: call.name ?? '' });
    if (call.pendingArguments !== '') events.push({ type: 'tool-call-delta', index: call.slot, argumentsDelta: call.pendingArguments });
    call.pendingArguments = '';
  };

  const newCall = (index: number | null | undefined): ToolCallState => {
    const call: ToolCallState = { slot: all.length, pendingArguments: '', started: false };
    all.push(call);
    if (index != null) calls.set(index, call);
    return call;
  };

  /** Finds the call a delta belongs to; robust to servers that omit or reuse `index`. */
  const callFor = (delta: ToolCallDelta): ToolCallState => {
    const known = delta.id != null ? byId.get(delta.id) : undefined;
    if (known !== undefined) return known;
    if (delta.index == null) {
      // Without an index, a delta without an id continues the call before it.
      return delta.id == null && lastCall !== undefined ? lastCall : newCall(undefined);
    }
    const existing = calls.get(delta.index);
    // A different id at a used index is a new call (servers that put every call at index 0).
    const reused = existing?.id !== undefined && delta.id != null && delta.id !== existing.id;
    return existing !== undefined && !reused ? existing : newCall(delta.index);
  };

  const onToolCall = (delta: ToolCallDelta, events: StreamEvent[]): void => {
    const call = callFor(delta);
    lastCall = call;
    if (delta.id != null && call.id === undefined) {
      call.id = delta.id;
      byId.set(delta.id, call);
    }
    const name = delta.function?.name;
    if (name != null && name !== '' && call.name === undefined) call.name = name;
    const args = delta.function?.arguments ?? '';
    if (call.started) {
      if (args !== '') events.push({ type: 'tool-call-delta', index: call.slot, argumentsDelta: args });
      return;
    }
    call.pendingArguments += args;
    if (call.name !== undefined) startCall(call, events);
  };

  /** Calls whose name never came still reach the client rather than vanish. */
  const flushCalls = (events: StreamEvent[]): void => {
    for (const call of all) if (!call.started) startCall(call, events);
  };

  const finish = (reason: string | null | undefined, events: StreamEvent[]): void => {
    if (finished) return;
    flushCalls(events);
    finished = true;
    events.push({ type: 'finish', finishReason: fromOpenAIFinishReason(reason, all.length > 0) });
  };

  return {
    push(event: SseEvent): StreamEvent[] {
      const data = event.data.trim();
      if (data === '[DONE]') {
        done = true;
        return [];
      }
      if (data === '') return [];
      const json = parseJson(data);
      if (event.event === 'error' || (typeof json === 'object' && json !== null && 'error' in json && json.error != null)) {
        throw streamError(json);
      }
      const parsed = chunkSchema.safeParse(json);
      if (!parsed.success) {
        throw new GatewayError('upstream', 'The provider sent a stream chunk this gateway cannot read', { code: 'bad_upstream_response' });
      }
      const chunk = parsed.data;
      const events: StreamEvent[] = [];
      if (!started) {
        started = true;
        events.push({ type: 'start', id: chunk.id ?? '', model: chunk.model ?? '' });
      }
      const choice = chunk.choices?.find((c) => c.index == null || c.index === 0);
      const delta = choice?.delta;
      if (delta != null) {
        // DeepSeek and LiteLLM say reasoning_content; OpenRouter and newer vLLM say reasoning.
        const thinking = delta.reasoning_content ?? delta.reasoning;
        if (thinking != null && thinking !== '') events.push({ type: 'thinking', text: thinking });
        const { content } = delta;
        if (typeof content === 'string') {
          if (content !== '') events.push({ type: 'text', text: content });
        } else if (content != null) {
          // Magistral streams its reasoning and its answer as typed parts.
          const parts = partsText(content);
          if (parts.thinking !== '') events.push({ type: 'thinking', text: parts.thinking });
          if (parts.text !== '') events.push({ type: 'text', text: parts.text });
        }
        if (delta.refusal != null && delta.refusal !== '') events.push({ type: 'text', text: delta.refusal });
        for (const call of delta.tool_calls ?? []) onToolCall(call, events);
        if (delta.function_call != null) onToolCall({ index: 0, function: delta.function_call }, events);
      }
      if (choice?.finish_reason != null) finish(choice.finish_reason, events);
      const usage = fromOpenAIUsage(chunk.usage ?? chunk.x_groq?.usage);
      if (usage !== undefined) events.push({ type: 'usage', usage });
      return events;
    },

    /**
     * A stream that ends with neither a finish_reason nor `[DONE]` was cut off: that throws,
     * so the client sees an error instead of a short answer passed off as complete.
     */
    end(): StreamEvent[] {
      if (finished) return [];
      if (!done) {
        throw streamTruncated();
      }
      const events: StreamEvent[] = [];
      finish(null, events);
      return events;
    },
  };
}

function parseJson(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    throw new GatewayError('upstream', 'The provider sent a stream chunk that is not JSON', { code: 'bad_upstream_response' });
  }
}

function streamError(json: unknown): GatewayError {
  const info = parseOpenAIError(500, json);
  return new GatewayError(kindForOpenAIError(info.type, info.code), info.message, {
    code: info.code ?? 'upstream_stream_error',
    param: info.param ?? undefined,
    upstreamType: info.type,
    upstreamShape: 'openai',
  });
}
