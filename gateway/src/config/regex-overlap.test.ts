// These tests read patterns only: none of the refused ones is ever run (on long text it could
// hang the machine for minutes).
import { describe, expect, it } from 'vitest';
import { hasOverlappingAlternation } from './regex-overlap';

describe('hasOverlappingAlternation', () => {
  it.each([
    '(a|a)*$',
    '(a|ab)*c',
    '^(?:a|ab)+$',
    '(\\r\\n|\\r|\\n)+x',
    '(\\w|_)+!',
    '(?:\\d|\\d\\d)+-',
    '(?:[a-c]|b)*z',
    '(?:x|[^y])*y',
    '(?:.|\\s)*end',
    '(?<part>a|a)+',
    '((a|a)b)*$',
    '(?:(?:a|ab)c){2,}$',
    '(?:a?b|b)+c',
    '(?:\\x41|A)+!',
    '(?:\\u0041|A)+!',
    '(?:[\\s\\S]|x)*',
  ])('refuses %s', (pattern) => {
    expect(hasOverlappingAlternation(pattern)).toBe(true);
  });

  it.each([
    '(foo|bar)+',
    '(\\d{3}-)+',
    '(https?|ftp)://',
    '(?:[^"\\\\]|\\\\.)*',
    '(?:\\s|,)+',
    '(?:[a-z]|\\d)+',
    '(?:ab|cd)+',
    '(ab?)+',
    '\\b(?:\\d{1,3}\\.){3}\\d{1,3}\\b',
    '(?:\\r\\n?|\\n)+',
    '(?:Mr|Mrs|Ms)\\.? [A-Z]',
    '(a|a){1,3}',
    '(?:a|b)*',
    '(?=a|a)b+',
    '(?:\\w|-)+',
    '(?:\\W|_)+',
    '[(|)]+',
    '\\(a|a\\)+',
    'EMP-\\d{6}',
    '(?:[A-Z]|[a-z])+',
  ])('accepts %s', (pattern) => {
    expect(hasOverlappingAlternation(pattern)).toBe(false);
  });

  // Words that share a first letter cannot both match at one place once a letter differs: the
  // day names, keywords, codes people list. Refusing them sent users to rewrite patterns
  // that were never slow.
  it.each([
    '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)+',
    '(?:foo|bar|baz)+',
    '(?:\\b(?:def|class|const)\\b\\s*)+',
    '(?:sk-proj|sk-ant)[\\w-]+(?:,(?:sk-proj|sk-ant)[\\w-]+)*',
    '(?:AB\\d|AC\\d)+',
    '(?:\\x41B|\\x41C)+!',
    '(?:\\d{3}-|\\d{2}/)+x',
    '(?:[A-Z]{2}\\d|[A-Z]-)+',
    '(?:\\w\\w:|\\w\\d\\s)+',
  ])('accepts branches whose starts part, character by character: %s', (pattern) => {
    expect(hasOverlappingAlternation(pattern)).toBe(false);
  });

  it.each([
    ['(?:abc|ab)+c', ''],
    ['(?:ab|a[bc])+$', ''],
    ['(?:ab|a?b)+$', ''],
    ['(?:Tue|tue)+!', 'i'],
    ['(?:ab|(?:a)c)+$', ''],
    ['(?:\\d{2}-|\\d\\w-)+', ''],
    ['(?:[a-c]x|[c-e]x)+', ''],
    ['(?:é1|è1)+', 'i'],
  ])('still refuses branches one of which may start as the other: %s (flags %j)', (pattern, flags) => {
    expect(hasOverlappingAlternation(pattern, flags)).toBe(true);
  });

  it('reads both cases as one under the i flag', () => {
    expect(hasOverlappingAlternation('(?:a|B|c)+')).toBe(false);
    expect(hasOverlappingAlternation('(?:a|A)+')).toBe(false);
    expect(hasOverlappingAlternation('(?:a|A)+', 'i')).toBe(true);
    expect(hasOverlappingAlternation('(?:[a-c]|B)+', 'i')).toBe(true);
  });

  it('reads \\p{…} as a Unicode property only under the u flag', () => {
    expect(hasOverlappingAlternation('(?:\\p{L}|é)+!', 'u')).toBe(true);
    expect(hasOverlappingAlternation('(?:\\p{N}|x)+!', 'u')).toBe(false);
    expect(hasOverlappingAlternation('(?:\\p{L}|é)+!')).toBe(false);
  });

  // Valid JavaScript (Annex B, no u flag): `\u{` is "u{", `\k` with no named group is "k". The
  // reader once went back to the start of the pattern on them and never returned, so a config
  // holding one hung the gateway as it loaded.
  it.each([
    ['\\u{', ''],
    ['[\\u{]', ''],
    ['\\k', ''],
    ['a\\k+b', ''],
    ['x\\u12', ''],
    ['\\x4', ''],
    ['\\c', ''],
  ])('reads %s (flags %j) and returns', (pattern, flags) => {
    expect(() => new RegExp(pattern, flags)).not.toThrow();
    expect(hasOverlappingAlternation(pattern, flags)).toBe(false);
  });

  it('reads \\u{…} as a code point only under the u flag, and \\k as a letter without named groups', () => {
    // Without u, `\u{2}` is "uu": it overlaps a branch that is uu too, and parts from one that is ux.
    expect(hasOverlappingAlternation('(?:\\u{2}|uu)+y')).toBe(true);
    expect(hasOverlappingAlternation('(?:\\u{2}|ux)+y')).toBe(false);
    expect(hasOverlappingAlternation('(?:\\u{41}|B)+!', 'u')).toBe(false);
    expect(hasOverlappingAlternation('(?:\\u{41}|A)+!', 'u')).toBe(true);
    expect(hasOverlappingAlternation('(?:\\k|j)+!')).toBe(false);
    expect(hasOverlappingAlternation('(?:\\k|k)+!')).toBe(true);
  });

  it('lets . take a newline only under the s flag', () => {
    expect(hasOverlappingAlternation('(?:.|\\n)+')).toBe(false);
    expect(hasOverlappingAlternation('(?:.|\\n)+', 's')).toBe(true);
  });
});
