import { describe, expect, it } from 'vitest';
import { createRequestIdGenerator, newRequestId } from './request-id';

const FORMAT = /^req_[0-9a-f]{32}$/;

/** The Unix ms an id carries in its first 12 hex digits. */
function msOf(id: string): number {
  return Number.parseInt(id.slice(4, 16), 16);
}

describe('newRequestId', () => {
  it('is req_ followed by 32 lowercase hex digits', () => {
    for (let i = 0; i < 1000; i += 1) expect(newRequestId()).toMatch(FORMAT);
  });

  it('starts with the current Unix ms, so ids sort by creation time', () => {
    const before = Date.now();
    const id = newRequestId();
    expect(msOf(id)).toBeGreaterThanOrEqual(before);
    expect(msOf(id)).toBeLessThanOrEqual(Date.now());
  });

  it('sorts in creation order and never repeats, even many ids within one ms', () => {
    const ids = Array.from({ length: 100_000 }, () => newRequestId());
    const outOfOrder = ids.filter((id, i) => i > 0 && id <= ids[i - 1]!);
    expect(outOfOrder).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps the order when the clock steps back', () => {
    const clock = [5000, 5001, 4000, 4000, 5002];
    const next = createRequestIdGenerator({ now: () => clock.shift()! });
    const ids = Array.from({ length: 5 }, next);
    expect([...ids].sort()).toEqual(ids);
    expect(msOf(ids[2]!)).toBe(5001);
    expect(msOf(ids[4]!)).toBe(5002);
  });

  it('moves on to the next ms rather than repeat when one ms runs out of counter values', () => {
    const next = createRequestIdGenerator({ now: () => 7000, counterLimit: 2 });
    const ids = Array.from({ length: 5 }, next);
    expect([...ids].sort()).toEqual(ids);
    expect(ids.map(msOf)).toEqual([7000, 7000, 7000, 7001, 7001]);
    expect(new Set(ids).size).toBe(5);
  });

  it('two generators in the same ms (two processes on one file) do not collide', () => {
    const a = createRequestIdGenerator({ now: () => 9000 });
    const b = createRequestIdGenerator({ now: () => 9000 });
    const ids = new Set<string>();
    for (let i = 0; i < 50_000; i += 1) ids.add(a()).add(b());
    expect(ids.size).toBe(100_000);
  });
});
