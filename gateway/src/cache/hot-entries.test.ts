import { describe, expect, it } from 'vitest';
import { makeResponse } from './cache.fixture';
import { HotEntries, type HotEntry } from './hot-entries';

const hot = (hits = 0): HotEntry => ({ route: 'r', scope: 's', response: makeResponse(), costUsd: 0, createdAt: 0, expiresAt: Number.MAX_SAFE_INTEGER, hits });

describe('HotEntries', () => {
  it('drops the least recently used entry past its entry bound', () => {
    const tier = new HotEntries(2, 1_000_000);
    tier.put('a', hot(), 10);
    tier.put('b', hot(), 10);
    expect(tier.get('a')).toBeDefined(); // a is now the most recent
    tier.put('c', hot(), 10);
    expect(tier.get('b')).toBeUndefined();
    expect(tier.get('a')).toBeDefined();
    expect(tier.get('c')).toBeDefined();
    expect(tier.size).toBe(2);
  });

  it('stays under its byte bound and refuses entries larger than a quarter of it', () => {
    const tier = new HotEntries(100, 1000);
    tier.put('big', hot(), 251);
    expect(tier.get('big')).toBeUndefined();
    for (const key of ['a', 'b', 'c', 'd', 'e']) tier.put(key, hot(), 250);
    expect(tier.size).toBe(4);
    expect(tier.get('a')).toBeUndefined();
    tier.delete('b');
    tier.put('f', hot(), 250);
    expect(tier.get('c')).toBeDefined();
    expect(tier.size).toBe(4);
  });

  it('adds committed hits to an entry it holds, and ignores keys it does not', () => {
    const tier = new HotEntries();
    tier.put('a', hot(3), 10);
    tier.addHits('a', 2);
    tier.addHits('missing', 5);
    expect(tier.get('a')?.hits).toBe(5);
    tier.clear();
    expect(tier.size).toBe(0);
  });
});
