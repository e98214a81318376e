import { describe, expect, it } from 'vitest';
import { OpenStreams } from './open-streams';
import type { OpenStream } from './open-streams';

function stream(name: string, cuts: string[]): OpenStream {
  return { openPrev: undefined, openNext: undefined, destroy: (error) => cuts.push(`${name}: ${String(error)}`) };
}

describe('OpenStreams', () => {
  it('cuts the streams still open, once each, and none that left', () => {
    const cuts: string[] = [];
    const open = new OpenStreams();
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name) => stream(name, cuts)) as [OpenStream, OpenStream, OpenStream, OpenStream];
    for (const s of [a, b, c, d]) open.add(s);
    open.remove(c); // middle
    open.remove(d); // head
    open.remove(d); // twice: no effect
    expect(open.size).toBe(2);
    expect(open.cutAll('shutdown')).toBe(2);
    expect(cuts.sort()).toEqual(['a: shutdown', 'b: shutdown']);
    // A stream cut ends its relay, which then leaves: nothing happens.
    open.remove(a);
    expect(open.size).toBe(0);
    expect(open.cutAll('again')).toBe(0);
  });
});
