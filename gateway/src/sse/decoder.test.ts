import { describe, expect, it } from 'vitest';
import { SseDecoder, sseFrame } from './decoder';

describe('sseFrame', () => {
  it('writes data of several lines as several data: lines, which decode to the same data', () => {
    const data = '{"id":"c",\n"choices":[]}';
    expect(sseFrame(data, 'message')).toBe('event: message\ndata: {"id":"c",\ndata: "choices":[]}\n\n');
    expect(new SseDecoder().push(sseFrame(data))).toEqual([expect.objectContaining({ data })]);
  });
});
