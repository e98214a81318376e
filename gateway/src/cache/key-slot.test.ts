import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keySlot } from './key-slot';

describe('keySlot', () => {
  it('is a fixed, non-negative safe integer per key, so SQLite stores and returns it exactly', () => {
    expect(keySlot('4adc69354bdde32b950b1fdde131a961687ad2fdcbdfdc5703108700fe41016c')).toBe(keySlot('4adc69354bdde32b950b1fdde131a961687ad2fdcbdfdc5703108700fe41016c'));
    for (const key of ['', 'k', 'ü', 'a'.repeat(1000)]) {
      expect(Number.isSafeInteger(keySlot(key))).toBe(true);
      expect(keySlot(key)).toBeGreaterThanOrEqual(0);
    }
  });

  it('spreads hex digests that differ in one character over distinct slots', () => {
    const slots = new Set<number>();
    for (let i = 0; i < 20_000; i++) slots.add(keySlot(createHash('sha256').update(String(i)).digest('hex')));
    expect(slots.size).toBe(20_000);
    expect(keySlot('a0')).not.toBe(keySlot('a1'));
  });
});
