import { describe, expect, it } from 'vitest';
import { HourKeys, totalKey } from './spend-keys';

const at = (iso: string): number => Date.parse(iso);

describe('HourKeys', () => {
  it('names the totals of the hour, day, week and month containing the hour, whatever the minute', () => {
    // 2026-03-04 is a Wednesday: its week began Monday 2 March.
    const hour = new HourKeys(at('2026-03-04T17:45:00Z'));
    expect(hour.key('key_alice')).toEqual({
      scope: 'key:key_alice',
      keys: [
        totalKey('key:key_alice', 'hourly', at('2026-03-04T17:00:00Z')),
        totalKey('key:key_alice', 'daily', at('2026-03-04T00:00:00Z')),
        totalKey('key:key_alice', 'weekly', at('2026-03-02T00:00:00Z')),
        totalKey('key:key_alice', 'monthly', at('2026-03-01T00:00:00Z')),
      ],
    });
    expect(hour.team('ml').scope).toBe('team:ml');
    expect(hour.global.keys[3]).toBe(totalKey('global', 'monthly', at('2026-03-01T00:00:00Z')));
  });

  it('contains exactly its own UTC hour', () => {
    const hour = new HourKeys(at('2026-03-04T17:45:00Z'));
    expect(hour.contains(at('2026-03-04T17:00:00Z'))).toBe(true);
    expect(hour.contains(at('2026-03-04T17:59:59.999Z'))).toBe(true);
    expect(hour.contains(at('2026-03-04T16:59:59.999Z'))).toBe(false);
    expect(hour.contains(at('2026-03-04T18:00:00Z'))).toBe(false);
  });
});
