import { describe, expect, it } from 'vitest';
import { DayKeys, totalKey } from './spend-keys';

const at = (iso: string): number => Date.parse(iso);

describe('DayKeys', () => {
  it("names the totals of the day, week and month containing the day, whatever the hour", () => {
    // 2026-03-04 is a Wednesday: its week began Monday 2 March.
    const day = new DayKeys(at('2026-03-04T17:45:00Z'));
    expect(day.key('key_alice')).toEqual({
      scope: 'key:key_alice',
      keys: [totalKey('key:key_alice', 'daily', at('2026-03-04T00:00:00Z')), totalKey('key:key_alice', 'weekly', at('2026-03-02T00:00:00Z')), totalKey('key:key_alice', 'monthly', at('2026-03-01T00:00:00Z'))],
    });
    expect(day.team('ml').scope).toBe('team:ml');
    expect(day.global.keys[2]).toBe(totalKey('global', 'monthly', at('2026-03-01T00:00:00Z')));
  });

  it('contains exactly its own UTC day', () => {
    const day = new DayKeys(at('2026-03-04T17:45:00Z'));
    expect(day.contains(at('2026-03-04T00:00:00Z'))).toBe(true);
    expect(day.contains(at('2026-03-04T23:59:59.999Z'))).toBe(true);
    expect(day.contains(at('2026-03-03T23:59:59.999Z'))).toBe(false);
    expect(day.contains(at('2026-03-05T00:00:00Z'))).toBe(false);
  });
});
