import { describe, expect, it } from 'vitest';
import { ReleaseStack } from './release-stack';

describe('ReleaseStack', () => {
  it('releases last-acquired first, awaiting each step, and only once', async () => {
    const order: string[] = [];
    const stack = new ReleaseStack();
    const db = { close: () => void order.push('db') };
    expect(stack.own(db)).toBe(db);
    stack.own({ close: async () => void (await Promise.resolve(), order.push('worker')) });
    stack.defer(() => void order.push('unsubscribe'));
    await stack.release();
    await stack.release();
    expect(order).toEqual(['unsubscribe', 'worker', 'db']);
  });

  it('keeps releasing after a step fails, then throws the first failure', async () => {
    const order: string[] = [];
    const stack = new ReleaseStack();
    stack.own({ close: () => void order.push('db') });
    stack.own({
      close: () => {
        throw new Error('log rows could not be written');
      },
    });
    stack.defer(() => Promise.reject(new Error('unsubscribe failed')));
    await expect(stack.release()).rejects.toThrow('unsubscribe failed');
    expect(order).toEqual(['db']);
  });
});
