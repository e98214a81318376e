import { describe, expect, it } from 'vitest';
import { SseDecoder } from '../../sse/decoder';
import { geminiUsageTap } from './usage-tap';

// As the live API streams it: Google's JSON spacing, CRLF between frames, running totals in every chunk.
const recorded =
  'data: {"candidates": [{"content": {"parts": [{"text": "Thinking it over","thought": true}],"role": "model"},"index": 0}],' +
  '"usageMetadata": {"promptTokenCount": 812,"totalTokenCount": 850,"cachedContentTokenCount": 512,"thoughtsTokenCount": 38},' +
  '"modelVersion": "gemini-2.5-flash","responseId": "Xq0pacOZBJ2z7M8P"}\r\n\r\n' +
  'data: {"candidates": [{"content": {"parts": [{"text": "Four."}],"role": "model"},"index": 0}],' +
  '"usageMetadata": {"promptTokenCount": 812,"candidatesTokenCount": 2,"totalTokenCount": 852,"cachedContentTokenCount": 512,"thoughtsTokenCount": 38},' +
  '"modelVersion": "gemini-2.5-flash","responseId": "Xq0pacOZBJ2z7M8P"}\r\n\r\n' +
  'data: {"candidates": [{"content": {"role": "model"},"finishReason": "STOP","index": 0}],' +
  '"usageMetadata": {"promptTokenCount": 812,"candidatesTokenCount": 2,"totalTokenCount": 852,"cachedContentTokenCount": 512,"thoughtsTokenCount": 38},' +
  '"modelVersion": "gemini-2.5-flash","responseId": "Xq0pacOZBJ2z7M8P"}\r\n\r\n';

const expected = { inputTokens: 300, cachedInputTokens: 512, cacheWriteTokens: 0, outputTokens: 40, reasoningTokens: 38 };

function observe(text: string) {
  const tap = geminiUsageTap();
  for (const event of new SseDecoder().push(text)) tap.observe(event);
  return tap;
}

describe('the Gemini usage tap', () => {
  it('reads usage, the model and completion from a recorded stream', () => {
    const tap = observe(recorded);
    expect(tap.usage()).toEqual(expected);
    expect(tap.finished()).toBe(true);
    expect(tap.model?.()).toBe('gemini-2.5-flash');
  });

  it('sees a stream cut before its finish reason as unfinished, with the usage so far', () => {
    const cut = recorded.split('\r\n\r\n').slice(0, 2).join('\r\n\r\n') + '\r\n\r\n';
    const tap = observe(cut);
    expect(tap.finished()).toBe(false);
    expect(tap.usage()).toMatchObject({ outputTokens: 40 });
  });

  it('counts a blocked prompt, which has no candidates, as a whole answer', () => {
    const tap = observe('data: {"promptFeedback": {"blockReason": "SAFETY"},"usageMetadata": {"promptTokenCount": 9,"totalTokenCount": 9}}\r\n\r\n');
    expect(tap.finished()).toBe(true);
    expect(tap.usage()).toMatchObject({ inputTokens: 9, outputTokens: 0 });
  });

  it('is not finished by an error chunk', () => {
    expect(observe('data: {"error": {"code": 503,"message": "The model is overloaded.","status": "UNAVAILABLE"}}\r\n\r\n').finished()).toBe(false);
  });

  it('reads a whole response body, and the last usage of a non-SSE stream’s JSON array', () => {
    const tap = geminiUsageTap();
    const frames = recorded.split('\r\n\r\n').filter((frame) => frame !== '').map((frame) => JSON.parse(frame.slice('data: '.length)) as unknown);
    expect(tap.fromResponse(frames.at(-1))).toEqual(expected);
    expect(tap.fromResponse(frames)).toEqual(expected);
    expect(tap.fromResponse({ candidates: [] })).toBeUndefined();
  });
});
