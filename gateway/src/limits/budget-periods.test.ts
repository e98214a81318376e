import { describe, expect, it } from 'vitest';
import { isoInstant, periodEnd, periodStart } from './budget-periods';

const at = (iso: string): number => Date.parse(iso);

describe('budget periods (UTC)', () => {
  it('runs an hour from the hour to the hour', () => {
    expect(isoInstant(periodStart('hourly', at('2026-03-04T23:59:59.999Z')))).toBe('2026-03-04T23:00:00Z');
    expect(isoInstant(periodEnd('hourly', at('2026-03-04T23:00:00Z')))).toBe('2026-03-05T00:00:00Z');
  });

  it('runs a day from midnight to midnight UTC', () => {
    expect(isoInstant(periodStart('daily', at('2026-03-04T23:59:59.999Z')))).toBe('2026-03-04T00:00:00Z');
    expect(isoInstant(periodEnd('daily', at('2026-03-04T00:00:00Z')))).toBe('2026-03-05T00:00:00Z');
  });

  it('runs a week from Monday to Monday, across month and year ends', () => {
    // 2026-03-04 is a Wednesday; 2026-03-08 a Sunday; 2026-01-01 a Thursday.
    expect(isoInstant(periodStart('weekly', at('2026-03-04T12:00:00Z')))).toBe('2026-03-02T00:00:00Z');
    expect(isoInstant(periodStart('weekly', at('2026-03-08T23:00:00Z')))).toBe('2026-03-02T00:00:00Z');
    expect(isoInstant(periodEnd('weekly', at('2026-03-08T23:00:00Z')))).toBe('2026-03-09T00:00:00Z');
    expect(isoInstant(periodStart('weekly', at('2026-01-01T08:00:00Z')))).toBe('2025-12-29T00:00:00Z');
  });

  it('runs a month from the 1st to the 1st, including December to January', () => {
    expect(isoInstant(periodStart('monthly', at('2026-02-28T10:00:00Z')))).toBe('2026-02-01T00:00:00Z');
    expect(isoInstant(periodEnd('monthly', at('2026-02-28T10:00:00Z')))).toBe('2026-03-01T00:00:00Z');
    expect(isoInstant(periodEnd('monthly', at('2026-12-15T00:00:00Z')))).toBe('2027-01-01T00:00:00Z');
  });
});
