import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { Cancellation, toAbortSignal, untilAborted } from './cancel';

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

describe('untilAborted', () => {
  it('gives the promise’s outcome, or the signal’s reason once it aborts, and leaves no rejection unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      expect(await untilAborted(Promise.resolve('token'), new Cancellation())).toBe('token');
      const late = new Cancellation();
      const waiting = untilAborted(new Promise<string>(() => undefined), late);
      late.abort(new Error('client left'));
      await expect(waiting).rejects.toThrow('client left');
      // Aborted before: the sign-in that fails later is nobody's to handle, and must not crash the process.
      const gone = new Cancellation();
      gone.abort(new Error('timed out'));
      let fail = (_error: Error): void => undefined;
      const signIn = new Promise<string>((_resolve, reject) => (fail = reject));
      await expect(untilAborted(signIn, gone)).rejects.toThrow('timed out');
      fail(new Error('AADSTS7000215'));
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
