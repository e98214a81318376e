import { describe, expect, it } from 'vitest';
import { Exposition } from './exposition';

describe('Prometheus text exposition', () => {
  it('writes HELP and TYPE once per family, then one line per sample', () => {
    const out = new Exposition()
      .family('calls_total', 'counter', 'Calls.\nSecond line \\ with a backslash')
      .sample('calls_total', { route: 'gpt', status: '200' }, 3)
      .sample('calls_total', {}, 0.5);
    expect(out.text()).toBe('# HELP calls_total Calls.\\nSecond line \\\\ with a backslash\n# TYPE calls_total counter\ncalls_total{route="gpt",status="200"} 3\ncalls_total 0.5\n');
  });

  it('escapes backslashes, quotes and newlines in label values, so a caller-named model cannot break the format', () => {
    const text = new Exposition().family('m', 'gauge', 'x').sample('m', { model: 'a"b\\c\nd} 9' }, 1).text();
    expect(text.split('\n')[2]).toBe('m{model="a\\"b\\\\c\\nd} 9"} 1');
  });

  it('writes special numbers as Prometheus spells them', () => {
    const text = new Exposition().family('g', 'gauge', 'x').sample('g', { a: '1' }, Number.POSITIVE_INFINITY).sample('g', { a: '2' }, Number.NaN).sample('g', { a: '3' }, Number.NEGATIVE_INFINITY).text();
    expect(text).toContain('g{a="1"} +Inf\n');
    expect(text).toContain('g{a="2"} NaN\n');
    expect(text).toContain('g{a="3"} -Inf\n');
  });

  it('writes a histogram with cumulative buckets, +Inf, sum and count', () => {
    const text = new Exposition().family('d_seconds', 'histogram', 'x').histogram('d_seconds', { route: 'r' }, [0.5, 1], [2, 0, 3], 7.25).text();
    expect(text.split('\n').slice(2, -1)).toEqual([
      'd_seconds_bucket{route="r",le="0.5"} 2',
      'd_seconds_bucket{route="r",le="1"} 2',
      'd_seconds_bucket{route="r",le="+Inf"} 5',
      'd_seconds_sum{route="r"} 7.25',
      'd_seconds_count{route="r"} 5',
    ]);
  });

  it('refuses a family written twice (Prometheus rejects the whole scrape)', () => {
    const out = new Exposition().family('a', 'gauge', 'x');
    expect(() => out.family('a', 'gauge', 'x')).toThrow(/written twice/);
  });
});
