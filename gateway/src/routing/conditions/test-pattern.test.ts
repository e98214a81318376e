import { describe, expect, it } from 'vitest';
import { checkCondition } from './check';
import { testPattern } from './test-pattern';

describe('testPattern', () => {
  it('runs "contains" written with an outer .* as the plain pattern, which answers every test the same', () => {
    expect(testPattern('.*error.*')).toBe('error');
    expect(testPattern('.*?timeout')).toBe('timeout');
    expect(testPattern('.*.*sql.*?')).toBe('sql');
    const texts = ['an error here', 'no such thing', 'line one\nerror on two', ''];
    for (const text of texts) expect(new RegExp(testPattern('.*error.*'), 'i').test(text), text).toBe(/.*error.*/i.test(text));
  });

  it('keeps an anchored, an escaped or an inner .*', () => {
    expect(testPattern('^.*error')).toBe('^.*error');
    expect(testPattern('version\\.*')).toBe('version\\.*');
    expect(testPattern('dir\\\\.*')).toBe('dir\\\\');
    expect(testPattern('a.*b')).toBe('a.*b');
  });
});

describe('a matches test written with an outer .*', () => {
  it('loads, though the same pattern run as written would be too slow on a long message', () => {
    const rule = (matches: string) => checkCondition({ lastUserMessage: { matches, flags: 'i' } });
    expect(rule('.*sql.*')).toEqual([]);
    expect(rule('[^\\n]*sql')).toEqual([expect.objectContaining({ message: expect.stringMatching(/too slow on long text/) })]);
  });
});
