import { describe, expect, it } from 'vitest';
import { countOf, formatBytes, formatMs, formatPercent, formatRelative, formatUsd, formatUsdTick } from './format';

describe('formatting', () => {
  it('shows dollars with cents, and sub-cent request costs with enough digits to be non-zero', () => {
    expect(formatUsd(1234.5)).toBe('$1,234.50');
    expect(formatUsd(0.0042)).toBe('$0.0042');
    expect(formatUsd(0.0000123)).toBe('$0.000012');
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(null)).toBe('—');
  });

  it('shows latency in ms below a second and in seconds above', () => {
    expect(formatMs(412.4)).toBe('412 ms');
    expect(formatMs(0.314)).toBe('0.31 ms');
    expect(formatMs(2.46)).toBe('2.5 ms');
    expect(formatMs(0)).toBe('0 ms');
    expect(formatMs(1530)).toBe('1.53 s');
    expect(formatMs(null)).toBe('—');
  });

  it('shows ratios as percentages without trailing zeros', () => {
    expect(formatPercent(0.734)).toBe('73.4%');
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(null)).toBe('—');
  });

  it('shows sizes in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(300 * 1024 * 1024)).toBe('300 MB');
  });

  it('describes past and future times relative to now', () => {
    const now = 1_000_000_000;
    expect(formatRelative(now - 10_000, now)).toBe('just now');
    expect(formatRelative(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(formatRelative(now + 2 * 3_600_000, now)).toBe('in 2 h');
  });
});

describe('countOf and formatUsdTick', () => {
  it('uses the singular for one', () => {
    expect(countOf(1, 'hit')).toBe('1 hit');
    expect(countOf(2, 'miss', 'misses')).toBe('2 misses');
    expect(countOf(0, 'hit')).toBe('0 hits');
  });

  it('keeps two significant digits on small axes, however small', () => {
    expect(formatUsdTick(0)).toBe('$0');
    expect(formatUsdTick(0.015)).toBe('$0.015');
    expect([0.00005, 0.0001, 0.00015].map(formatUsdTick)).toEqual(['$0.00005', '$0.0001', '$0.00015']);
    expect(formatUsdTick(0.5)).toBe('$0.5');
    expect(formatUsdTick(12)).toBe('$12.00');
  });
});
