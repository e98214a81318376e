import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../errors/gateway-error';
import { SseDecoder } from '../../../sse/decoder';
import { responsesUsageTap } from './usage-tap';

const frame = (type: string, n: number, fields: Record<string, unknown>): string => `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: n, ...fields })}\n\n`;
const usage = { input_tokens: 50, input_tokens_details: { cached_tokens: 10 }, output_tokens: 7, output_tokens_details: { reasoning_tokens: 3 }, total_tokens: 57 };

describe('responsesUsageTap', () => {
  it("reads a body's usage, cached and reasoning tokens included", () => {
    expect(responsesUsageTap().fromResponse({ object: 'response', usage })).toEqual({ inputTokens: 40, cachedInputTokens: 10, cacheWriteTokens: 0, outputTokens: 7, reasoningTokens: 3 });
  });

  it('reads usage and model from response.completed, and only then calls the stream finished', () => {
    const tap = responsesUsageTap();
    const decoder = new SseDecoder();
    const events = decoder.push(Buffer.from(
      frame('response.created', 0, { response: { id: 'resp_1', model: 'gpt-5.1-2025-11-13', status: 'in_progress' } })
      + frame('response.output_text.delta', 1, { delta: '"usage": {"sequence_number": 99}' }),
    ));
    for (const event of events) tap.observe(event);
    expect(tap.finished()).toBe(false);
    tap.observe(decoder.push(Buffer.from(frame('response.completed', 2, { response: { id: 'resp_1', model: 'gpt-5.1-2025-11-13', status: 'completed', usage } })))[0] as never);
    expect(tap.finished()).toBe(true);
    expect(tap.usage()).toMatchObject({ inputTokens: 40, outputTokens: 7 });
    expect(tap.model?.()).toBe('gpt-5.1-2025-11-13');
  });

  it('numbers the error frames it adds on from the last event the client got, then fails the response', () => {
    const tap = responsesUsageTap();
    const decoder = new SseDecoder();
    for (const event of decoder.push(Buffer.from(frame('response.created', 0, { response: { id: 'resp_1', model: 'gpt-5.1' } }) + frame('response.output_text.delta', 5, { delta: 'Hi' })))) tap.observe(event);
    const frames = new SseDecoder().push(Buffer.from(tap.errorFrames?.(new GatewayError('timeout', 'Provider "openai" sent nothing for 10 ms mid-stream', { code: 'stream_idle_timeout', status: 504 })) ?? ''));
    expect(frames.map((f) => f.event)).toEqual(['error', 'response.failed']);
    const [error, failed] = frames.map((f) => JSON.parse(f.data) as Record<string, unknown>);
    expect(error).toMatchObject({ type: 'error', sequence_number: 6, code: 'stream_idle_timeout' });
    expect(failed).toMatchObject({ type: 'response.failed', sequence_number: 7, response: { id: 'resp_1', status: 'failed', error: { code: 'stream_idle_timeout' } } });
  });
});
