import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { Cancellation, toAbortSignal } from './cancel';

describe('Cancellation', () => {
  it('aborts once with the first reason and tells each listener once', () => {
    const cancel = new Cancellation();
    const heard: string[] = [];
    const a = (): void => void heard.push('a');
    const b = (): void => void heard.push('b');
    cancel.addEventListener('abort', a);
    cancel.addEventListener('abort', b);
    cancel.removeEventListener('abort', b);
    cancel.abort('first');
    cancel.abort('second');
    expect(cancel.aborted).toBe(true);
    expect(cancel.reason).toBe('first');
    expect(heard).toEqual(['a']);
    cancel.addEventListener('abort', b); // after the abort: never called, like EventTarget
    expect(heard).toEqual(['a']);
  });

  it('keeps telling the other listeners when one throws', () => {
    const cancel = new Cancellation();
    let heard = false;
    cancel.addEventListener('abort', () => {
      throw new Error('listener bug');
    });
    cancel.addEventListener('abort', () => {
      heard = true;
    });
    cancel.abort('stop');
    expect(heard).toBe(true);
  });

  it('cancels an undici request in flight', async () => {
    const server = createServer(() => undefined); // never answers
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const cancel = new Cancellation();
      const sent = request(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { signal: cancel as unknown as AbortSignal });
      setTimeout(() => cancel.abort(new Error('client went away')), 30);
      await expect(sent).rejects.toThrow('client went away');
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('becomes a real AbortSignal for APIs that need one', () => {
    const cancel = new Cancellation();
    const signal = toAbortSignal(cancel);
    expect(signal.aborted).toBe(false);
    cancel.abort('gone');
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe('gone');
    const real = new AbortController().signal;
    expect(toAbortSignal(real)).toBe(real);
  });
});
