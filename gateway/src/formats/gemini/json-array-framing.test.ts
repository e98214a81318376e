import { describe, expect, it } from 'vitest';
import { GeminiJsonArrayFraming } from './json-array-framing';
import { geminiFrame } from './stream-renderer';

const chunks = [{ candidates: [{ content: { role: 'model', parts: [{ text: 'Hel' }] }, index: 0 }] }, { candidates: [{ content: { role: 'model', parts: [{ text: 'lo "}]' }] }, finishReason: 'STOP', index: 0 }], usageMetadata: { promptTokenCount: 3 } }];
const sse = chunks.map(geminiFrame).join('');

describe('GeminiJsonArrayFraming', () => {
  it('writes the SSE frames as one JSON array, element by element as they come', () => {
    const framing = new GeminiJsonArrayFraming();
    const first = framing.push(geminiFrame(chunks[0]));
    // The first element goes out at once, opening the array: a client sees it before the rest.
    expect(first.startsWith('[')).toBe(true);
    expect(JSON.parse(first.slice(1))).toEqual(chunks[0]);
    const out = first + framing.push(Buffer.from(geminiFrame(chunks[1]))) + framing.end();
    expect(JSON.parse(out)).toEqual(chunks);
    expect(framing.contentType).toBe('application/json; charset=UTF-8');
  });

  it('takes frames split anywhere, bytes or text, and LF-ended frames from other writers', () => {
    for (const at of [1, 7, sse.length / 2, sse.length - 3]) {
      const framing = new GeminiJsonArrayFraming();
      const bytes = Buffer.from(sse);
      const out = framing.push(bytes.subarray(0, at)) + framing.push(bytes.subarray(at).toString()) + framing.end();
      expect(JSON.parse(out)).toEqual(chunks);
    }
    const lf = new GeminiJsonArrayFraming();
    expect(JSON.parse(lf.push(chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('')) + lf.end())).toEqual(chunks);
  });

  it('ends a stream with nothing in it as an empty array, and a frame without its blank line still counts', () => {
    const empty = new GeminiJsonArrayFraming();
    expect(empty.end()).toBe('[]');
    expect(empty.end()).toBe('');
    const unterminated = new GeminiJsonArrayFraming();
    const out = unterminated.push(`data: ${JSON.stringify(chunks[0])}`) + unterminated.end();
    expect(JSON.parse(out)).toEqual([chunks[0]]);
    expect(unterminated.push(geminiFrame(chunks[1]))).toBe('');
  });

  it('carries an error frame as an element, as a client reading the array meets it', () => {
    const framing = new GeminiJsonArrayFraming();
    const error = { error: { code: 503, message: 'overloaded', status: 'UNAVAILABLE' } };
    const out = framing.push(geminiFrame(chunks[0])) + framing.push(geminiFrame(error)) + framing.end();
    expect(JSON.parse(out)).toEqual([chunks[0], error]);
  });
});
