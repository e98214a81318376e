import { describe, expect, it } from 'vitest';
import { collectStream, StreamCollector } from './collect';
import type { StreamEvent } from './types';

describe('collectStream', () => {
  it('joins text deltas into one text part and keeps id, model, finish and usage', () => {
    const response = collectStream([
      { type: 'start', id: 'msg_1', model: 'claude-haiku-4-5', usage: { inputTokens: 10, cachedInputTokens: 2 } },
      { type: 'text', text: 'Hel' },
      { type: 'text', text: 'lo' },
      { type: 'finish', finishReason: 'stop_sequence', stopSequence: 'END' },
      { type: 'usage', usage: { inputTokens: 10, outputTokens: 4 } },
    ]);
    expect(response).toEqual({
      id: 'msg_1',
      model: 'claude-haiku-4-5',
      content: [{ type: 'text', text: 'Hello' }],
      finishReason: 'stop_sequence',
      stopSequence: 'END',
      usage: { inputTokens: 10, outputTokens: 4, cachedInputTokens: 2, cacheWriteTokens: 0, reasoningTokens: 0 },
    });
  });

  it('keeps thinking, redacted thinking, text and interleaved tool calls in order', () => {
    const events: StreamEvent[] = [
      { type: 'start', id: 'x', model: 'm' },
      { type: 'thinking', text: 'Let me ' },
      { type: 'thinking', text: 'think.' },
      { type: 'thinking-signature', signature: 'sig' },
      { type: 'redacted-thinking', data: 'opaque' },
      { type: 'text', text: 'Checking both.' },
      { type: 'tool-call-start', index: 0, id: 'call_a', name: 'weather' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"city":' },
      { type: 'tool-call-start', index: 1, id: 'call_b', name: 'time' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{}' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '"Paris"}' },
      { type: 'tool-call-delta', index: 7, argumentsDelta: 'lost' },
      { type: 'finish', finishReason: 'tool_calls' },
    ];
    expect(collectStream(events).content).toEqual([
      { type: 'thinking', text: 'Let me think.', signature: 'sig' },
      { type: 'redacted-thinking', data: 'opaque' },
      { type: 'text', text: 'Checking both.' },
      { type: 'tool-call', id: 'call_a', name: 'weather', arguments: '{"city":"Paris"}' },
      { type: 'tool-call', id: 'call_b', name: 'time', arguments: '{}' },
    ]);
  });

  it('starts a new thinking block after a signed one', () => {
    const content = collectStream([
      { type: 'thinking', text: 'one' },
      { type: 'thinking-signature', signature: 's1' },
      { type: 'thinking', text: 'two' },
      { type: 'finish', finishReason: 'stop' },
    ]).content;
    expect(content).toEqual([
      { type: 'thinking', text: 'one', signature: 's1' },
      { type: 'thinking', text: 'two' },
    ]);
  });

  it('reports a stream that never finished as unfinished, with finishReason error', () => {
    const collector = new StreamCollector();
    collector.push({ type: 'start', id: 'x', model: 'm' });
    collector.push({ type: 'text', text: 'partial' });
    expect(collector.finished).toBe(false);
    expect(collector.response().finishReason).toBe('error');
    collector.push({ type: 'finish', finishReason: 'length' });
    expect(collector.finished).toBe(true);
    expect(collector.response().finishReason).toBe('length');
  });

  it('returns a snapshot that later events do not change', () => {
    const collector = new StreamCollector();
    collector.push({ type: 'text', text: 'a' });
    const first = collector.response();
    collector.push({ type: 'text', text: 'b' });
    expect(first.content).toEqual([{ type: 'text', text: 'a' }]);
    expect(collector.response().content).toEqual([{ type: 'text', text: 'ab' }]);
  });
});
