import { describe, expect, it } from 'vitest';
import { CutList, type Cuttable } from './cut-list';

function member(name: string, cuts: string[]): Cuttable {
  return { openPrev: undefined, openNext: undefined, destroy: (error) => cuts.push(`${name}: ${String(error)}`) };
}

describe('CutList', () => {
  it('cuts the members still listed, once each, and none that left', () => {
    const cuts: string[] = [];
    const open = new CutList();
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name) => member(name, cuts)) as [Cuttable, Cuttable, Cuttable, Cuttable];
    for (const s of [a, b, c, d]) open.add(s);
    open.remove(c); // middle
    open.remove(d); // head
    open.remove(d); // twice: no effect
    expect(open.size).toBe(2);
    expect(open.cutAll('shutdown')).toBe(2);
    expect(cuts.sort()).toEqual(['a: shutdown', 'b: shutdown']);
    // A member cut ends its work, which then leaves: nothing happens.
    open.remove(a);
    expect(open.size).toBe(0);
    expect(open.cutAll('again')).toBe(0);
  });
});
