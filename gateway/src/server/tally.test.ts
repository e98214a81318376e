import { describe, expect, it } from 'vitest';
import { Tally } from './tally';

describe('Tally', () => {
  it('resolves idle() at once when nothing runs, and once the last one leaves otherwise', async () => {
    const tally = new Tally();
    await tally.idle();
    tally.enter();
    tally.enter();
    let idle = false;
    const waiting = tally.idle().then(() => (idle = true));
    tally.leave();
    await Promise.resolve();
    expect(idle).toBe(false);
    tally.leave();
    await waiting;
    expect(tally.size).toBe(0);
  });

  it('never counts below zero, so a stray leave cannot make a later request look finished', async () => {
    const tally = new Tally();
    tally.leave();
    tally.enter();
    expect(tally.size).toBe(1);
    let idle = false;
    void tally.idle().then(() => (idle = true));
    await Promise.resolve();
    expect(idle).toBe(false);
  });
});

describe('Tally.atMost', () => {
  it('resolves once the count falls to the limit, leaving other waiters waiting', async () => {
    const tally = new Tally();
    for (let i = 0; i < 3; i += 1) tally.enter();
    const heard: string[] = [];
    const two = tally.atMost(2).then(() => heard.push('two'));
    const none = tally.idle().then(() => heard.push('none'));
    tally.leave();
    await two;
    expect(heard).toEqual(['two']);
    tally.leave();
    tally.leave();
    await none;
    expect(heard).toEqual(['two', 'none']);
  });
});
