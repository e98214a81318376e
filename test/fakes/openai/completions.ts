import { isRecord } from '../core/json';
import { planReply } from '../core/reply-plan';
import type { JsonReply, Rendered, RequestContext } from '../core/route';
import { sseData } from '../core/sse';
import { splitWords } from '../core/text';
import type { ContentBehaviour } from '../core/types';
import { openAIError } from './errors';

/**
 * OpenAI's legacy text completions (`POST /v1/completions`), as gpt-3.5-turbo-instruct, vLLM,
 * Ollama and llama.cpp serve them: one prompt in, `choices[].text` out, streamed as
 * `text_completion` chunks (usage on a last chunk of its own when `stream_options` asks), then
 * `[DONE]`. The answer is `echo: <prompt>`; `suffix` (fill-in-the-middle) is echoed after it.
 */
export function renderCompletion(ctx: RequestContext, behaviour: ContentBehaviour, model: string): Rendered {
  const body = isRecord(ctx.recorded.body) ? ctx.recorded.body : {};
  const prompt = promptText(body.prompt);
  const suffix = typeof body.suffix === 'string' ? ` [suffix: ${body.suffix}]` : '';
  const plan = planReply(behaviour.text === undefined ? { ...behaviour, text: `echo: ${prompt}${suffix}` } : behaviour, {
    model,
    promptText: prompt,
    lastUserText: prompt,
    thinkingRequested: false,
    thinkingInOutput: true,
    toolCallId: (i) => `call_${i}`,
  });
  const id = `cmpl-fake${ctx.seq}`;
  const created = Math.floor(ctx.recorded.at / 1000);
  const finish = plan.finishReason ?? 'stop';
  const usage = { prompt_tokens: plan.usage.input, completion_tokens: plan.usage.output, total_tokens: plan.usage.input + plan.usage.output };
  const base = { id, object: 'text_completion', created, model: plan.model };
  const choice = (text: string, finishReason: string | null) => ({ text, index: 0, logprobs: null, finish_reason: finishReason });
  if (body.stream !== true) {
    return { type: 'json', body: { ...base, choices: [choice(plan.text, finish)], usage, system_fingerprint: null } };
  }
  const includeUsage = isRecord(body.stream_options) && body.stream_options.include_usage === true;
  const chunk = (text: string, finishReason: string | null): string =>
    sseData({ ...base, choices: [choice(text, finishReason)], ...(includeUsage ? { usage: null } : {}), system_fingerprint: null });
  return {
    type: 'stream',
    contentType: 'text/event-stream; charset=utf-8',
    frames: [
      ...splitWords(plan.text).map((word) => ({ kind: 'content' as const, text: chunk(word, null) })),
      { kind: 'final', text: chunk('', finish) },
      ...(includeUsage ? [{ kind: 'final' as const, text: sseData({ ...base, choices: [], usage }) }] : []),
      { kind: 'final', text: sseData('[DONE]') },
    ],
    errorFrame: (message) => sseData({ error: { message: message ?? 'The server had an error while processing your request.', type: 'server_error', param: null, code: null } }),
  };
}

/** A string prompt, or strings joined; token arrays read as their numbers. */
function promptText(prompt: unknown): string {
  if (typeof prompt === 'string') return prompt;
  if (!Array.isArray(prompt)) return '';
  return prompt.map((item) => (Array.isArray(item) ? item.join(',') : String(item))).join('\n');
}

/** What OpenAI refuses before generating: no model, no prompt. */
export function validateCompletion(body: unknown): JsonReply | undefined {
  if (!isRecord(body)) return openAIError(400, 'Invalid request body: expected an object.');
  if (typeof body.model !== 'string') return openAIError(400, 'you must provide a model parameter');
  if (body.prompt === undefined) return openAIError(400, "Missing required parameter: 'prompt'.");
  if (body.messages !== undefined) return openAIError(400, "Unrecognized request argument supplied: messages");
  return undefined;
}
