import { describe, expect, it } from 'vitest';
import { Cancellation } from '../upstream/cancel';
import type { CancelSignal } from '../upstream/cancel';
import { runBatches, splitRequest } from './embedding-batches';

/** A call the test finishes by hand, recording which batches started and what their signal saw. */
function manualCalls() {
  const started: number[] = [];
  const signals = new Map<number, CancelSignal>();
  const pending = new Map<number, { resolve: (value: string) => void; reject: (error: unknown) => void }>();
  const call = (batch: number, signal: CancelSignal): Promise<string> => {
    started.push(batch);
    signals.set(batch, signal);
    return new Promise((resolve, reject) => pending.set(batch, { resolve, reject }));
  };
  const settle = async (batch: number, outcome: { value: string } | { error: unknown }) => {
    const p = pending.get(batch);
    if (!p) throw new Error(`batch ${batch} has not started`);
    if ('value' in outcome) p.resolve(outcome.value);
    else p.reject(outcome.error);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { started, signals, call, settle };
}

describe('splitRequest', () => {
  it('keeps the request whole when the provider has no limit or it fits', () => {
    const request = { model: 'embed', input: ['a', 'b', 'c'] };
    expect(splitRequest(request, undefined)[0]).toBe(request);
    expect(splitRequest(request, 3)[0]).toBe(request);
  });

  it('cuts consecutive slices of at most the limit, the last one shorter, each input keeping its task', () => {
    const input = Array.from({ length: 250 }, (_, i) => `t${i}`);
    const tasks = input.map((text) => ({ title: `title of ${text}` }));
    const batches = splitRequest({ model: 'embed', input, tasks, dimensions: 8 }, 100);
    expect(batches.map((b) => b.input.length)).toEqual([100, 100, 50]);
    expect(batches.flatMap((b) => b.input)).toEqual(input);
    expect(batches.flatMap((b) => b.tasks)).toEqual(tasks);
    expect(batches[2]).toMatchObject({ model: 'embed', dimensions: 8, input: input.slice(200), tasks: tasks.slice(200) });
  });
});

describe('runBatches', () => {
  it('keeps at most `inFlight` calls open and answers in batch order, whatever order they finish in', async () => {
    const m = manualCalls();
    const run = runBatches([0, 1, 2, 3, 4], m.call, new Cancellation(), 2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(m.started).toEqual([0, 1]);
    await m.settle(1, { value: 'one' });
    expect(m.started).toEqual([0, 1, 2]);
    await m.settle(2, { value: 'two' });
    await m.settle(0, { value: 'zero' });
    expect(m.started).toEqual([0, 1, 2, 3, 4]);
    await m.settle(4, { value: 'four' });
    await m.settle(3, { value: 'three' });
    await expect(run).resolves.toEqual(['zero', 'one', 'two', 'three', 'four']);
  });

  it('fails with the first failing batch, starts no other, and cancels those in flight', async () => {
    const m = manualCalls();
    // Caught at once: the run fails while the test is still settling batches.
    const failed = runBatches([0, 1, 2, 3], m.call, new Cancellation(), 2).catch((error: unknown) => error);
    await new Promise((resolve) => setImmediate(resolve));
    const refused = new Error('429 from batch 1');
    await m.settle(1, { error: refused });
    expect(m.signals.get(0)?.aborted).toBe(true);
    expect(m.signals.get(0)?.reason).toBe(refused);
    // Batch 0 then ends with the cancellation's own error: the caller still sees the first.
    await m.settle(0, { error: new Error('aborted') });
    expect(await failed).toBe(refused);
    expect(m.started).toEqual([0, 1]);
  });

  it('passes the caller’s cancellation (a timeout, the client leaving) to every batch in flight', async () => {
    const m = manualCalls();
    const parent = new Cancellation();
    const failed = runBatches([0, 1, 2], m.call, parent, 2).catch((error: unknown) => error);
    await new Promise((resolve) => setImmediate(resolve));
    const timeout = new Error('upstream timeout');
    parent.abort(timeout);
    expect(m.signals.get(0)?.reason).toBe(timeout);
    expect(m.signals.get(1)?.reason).toBe(timeout);
    await m.settle(0, { error: timeout });
    await m.settle(1, { error: timeout });
    expect(await failed).toBe(timeout);
    expect(m.started).toEqual([0, 1]);
  });

  it('stops listening to the caller’s signal once done', async () => {
    const parent = new Cancellation();
    const listening = new Set<() => void>();
    const signal: CancelSignal = {
      get aborted() {
        return parent.aborted;
      },
      get reason() {
        return parent.reason;
      },
      addEventListener: (_type, listener) => void listening.add(listener),
      removeEventListener: (_type, listener) => void listening.delete(listener),
    };
    await expect(runBatches([1, 2, 3], async (n) => n * 2, signal)).resolves.toEqual([2, 4, 6]);
    expect(listening.size).toBe(0);
  });
});
