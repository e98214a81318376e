import { describe, expect, it } from 'vitest';
import { onResponseClose, type RequestContext } from './context';

const context = (closed: boolean): RequestContext => ({ close: { closed, callback: undefined } }) as RequestContext;

describe('onResponseClose', () => {
  it('runs every callback, in the order given, when the response closes', () => {
    const ctx = context(false);
    const calls: string[] = [];
    onResponseClose(ctx, () => calls.push('slot'));
    onResponseClose(ctx, () => calls.push('second'));
    expect(calls).toEqual([]);
    ctx.close.callback?.();
    expect(calls).toEqual(['slot', 'second']);
  });

  it('runs a callback at once for a response that has already closed', () => {
    const ctx = context(true);
    let ran = false;
    onResponseClose(ctx, () => {
      ran = true;
    });
    expect(ran).toBe(true);
    expect(ctx.close.callback).toBeUndefined();
  });

  it("reaches the request's response from a context derived from it", () => {
    const ctx = context(false);
    const derived: RequestContext = { ...ctx, id: 'embedding-call' };
    let ran = false;
    onResponseClose(derived, () => {
      ran = true;
    });
    ctx.close.callback?.();
    expect(ran).toBe(true);
  });
});
