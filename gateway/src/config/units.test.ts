import { describe, expect, it } from 'vitest';
import { byteSize, duration, parseByteSize, parseDuration, requestTimeout, timeout } from './units';

describe('durations', () => {
  it.each([
    ['250ms', 250],
    ['60s', 60_000],
    ['1.5s', 1500],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    [' 10 s ', 10_000],
  ])('reads %j as %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
    expect(duration.parse(text)).toBe(ms);
  });

  it('takes plain numbers as milliseconds', () => {
    expect(duration.parse(15_000)).toBe(15_000);
    expect(duration.parse(0)).toBe(0);
  });

  it.each(['5', '5 sec', '1w', '-1s', 's', '1.5.5s'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
    expect(duration.safeParse(text).success).toBe(false);
  });

  it('refuses negative, fractional-ms and non-numeric values', () => {
    for (const value of [-1, 1.5, true, null]) expect(duration.safeParse(value).success).toBe(false);
  });

  it('never lets a timeout be zero', () => {
    expect(timeout.safeParse(0).success).toBe(false);
    expect(timeout.safeParse('0s').success).toBe(false);
    expect(timeout.parse('2s')).toBe(2000);
  });

  it('refuses a request timeout given as a bare number under a second, but not with its unit', () => {
    expect(requestTimeout.safeParse(30).error?.issues.map((issue) => issue.message)).toEqual(['30 ms is too short for a timeout; write 30s for seconds (or 30ms if you mean it)']);
    expect(requestTimeout.safeParse(999).success).toBe(false);
    expect(requestTimeout.parse(1000)).toBe(1000);
    expect(requestTimeout.parse('30ms')).toBe(30);
    expect(requestTimeout.parse('30s')).toBe(30_000);
    expect(requestTimeout.safeParse(0).error?.issues.map((issue) => issue.message)).toEqual(['must be greater than 0']);
    expect(requestTimeout.safeParse('0ms').success).toBe(false);
  });
});

describe('sizes', () => {
  it.each([
    ['512B', 512],
    ['64KB', 65_536],
    ['20MB', 20 * 1024 ** 2],
    ['512mb', 512 * 1024 ** 2],
    ['1GB', 1024 ** 3],
    ['1.5 KB', 1536],
  ])('reads %j as %i bytes', (text, bytes) => {
    expect(parseByteSize(text)).toBe(bytes);
    expect(byteSize.parse(text)).toBe(bytes);
  });

  it('takes plain numbers as bytes, and refuses zero and unknown units', () => {
    expect(byteSize.parse(4096)).toBe(4096);
    for (const value of [0, '0MB', '1TB', '10 megabytes', -5]) expect(byteSize.safeParse(value).success).toBe(false);
  });
});
