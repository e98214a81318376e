import { describe, expect, it } from 'vitest';
import { anthropicUsageTap } from './usage-tap';

const sse = (type: string, data: Record<string, unknown>) => ({ event: type, data: JSON.stringify({ type, ...data }) });

describe('anthropicUsageTap', () => {
  it('reads usage from a message body', () => {
    const usage = anthropicUsageTap().fromResponse({
      id: 'msg_1',
      type: 'message',
      content: [],
      usage: { input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 2, cache_read_input_tokens: 100, output_tokens_details: { thinking_tokens: 3 } },
    });
    expect(usage).toEqual({ inputTokens: 10, outputTokens: 5, cacheWriteTokens: 2, cachedInputTokens: 100, reasoningTokens: 3 });
    expect(anthropicUsageTap().fromResponse({ type: 'error' })).toBeUndefined();
  });

  it('combines message_start and message_delta, and is finished only after message_stop', () => {
    const tap = anthropicUsageTap();
    expect(tap.usage()).toBeUndefined();
    tap.observe(sse('message_start', { message: { id: 'msg_1', usage: { input_tokens: 25, cache_read_input_tokens: 400, output_tokens: 1 } } }));
    tap.observe(sse('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'hi' } }));
    tap.observe({ event: 'ping', data: '{"type": "ping"}' });
    tap.observe(sse('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 15 } }));
    expect(tap.finished()).toBe(false);
    tap.observe(sse('message_stop', {}));
    expect(tap.finished()).toBe(true);
    expect(tap.usage()).toEqual({ inputTokens: 25, outputTokens: 15, cachedInputTokens: 400, cacheWriteTokens: 0, reasoningTokens: 0 });
  });

  it('lets message_delta overwrite input counts it re-reports, and ignores non-JSON data', () => {
    const tap = anthropicUsageTap();
    tap.observe({ event: 'message_start', data: 'not json' });
    tap.observe(sse('message_start', { message: { usage: { input_tokens: 25, output_tokens: 1 } } }));
    tap.observe(sse('message_delta', { delta: {}, usage: { output_tokens: 7, input_tokens: 30, cache_creation_input_tokens: null } }));
    expect(tap.usage()).toMatchObject({ inputTokens: 30, outputTokens: 7, cacheWriteTokens: 0 });
  });
});
