import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GatewayEvent } from './contract';
import { openEventStream, parseGatewayEvent, type EventSourceLike, type LiveStatus } from './event-stream';

/** A stand-in EventSource the test drives: open, messages (named or not), errors. */
class FakeSource implements EventSourceLike {
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  closed = false;
  private listeners = new Map<string, Array<(event: MessageEvent) => void>>();
  addEventListener(type: string, listener: (event: MessageEvent) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  send(data: unknown, event?: string) {
    const message = new MessageEvent(event ?? 'message', { data: typeof data === 'string' ? data : JSON.stringify(data) });
    if (event) for (const listener of this.listeners.get(event) ?? []) listener(message);
    else this.onmessage?.(message);
  }
  fail(closed: boolean) {
    this.readyState = closed ? 2 : 0;
    this.onerror?.(new Event('error'));
  }
}

let sources: FakeSource[];
let events: GatewayEvent[];
let statuses: LiveStatus[];

beforeEach(() => {
  sources = [];
  events = [];
  statuses = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

function open() {
  return openEventStream('http://g/admin/api/events?token=t', { onEvent: (e) => events.push(e), onStatus: (s) => statuses.push(s) }, {
    retryMs: 1000,
    createEventSource: () => {
      const source = new FakeSource();
      sources.push(source);
      return source;
    },
  });
}

describe('event stream', () => {
  it('delivers events whether the type is in the JSON or only in the SSE event name', () => {
    open();
    sources[0]!.open();
    sources[0]!.send({ type: 'config.applied', version: 4 });
    sources[0]!.send({ version: 5 }, 'config.applied');
    expect(events).toEqual([
      { type: 'config.applied', version: 4 },
      { type: 'config.applied', version: 5 },
    ]);
    expect(statuses).toEqual(['connecting', 'open']);
  });

  it('drops messages that are not known events', () => {
    open();
    sources[0]!.send('not json');
    sources[0]!.send({ type: 'something.else' });
    sources[0]!.send(': keep-alive');
    expect(events).toEqual([]);
    expect(parseGatewayEvent('[1]', 'message')).toBeNull();
  });

  it('lets the browser reconnect by itself while it still tries', () => {
    open();
    sources[0]!.fail(false);
    expect(statuses.at(-1)).toBe('reconnecting');
    vi.advanceTimersByTime(5000);
    expect(sources).toHaveLength(1);
  });

  it('opens a new stream after a pause when the browser gives up', () => {
    open();
    sources[0]!.fail(true);
    expect(statuses.at(-1)).toBe('closed');
    vi.advanceTimersByTime(999);
    expect(sources).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sources).toHaveLength(2);
    sources[1]!.open();
    expect(statuses.slice(-2)).toEqual(['reconnecting', 'open']);
  });

  it('stays closed once stopped, even with a retry pending', () => {
    const stop = open();
    sources[0]!.fail(true);
    stop();
    vi.advanceTimersByTime(10_000);
    expect(sources).toHaveLength(1);
    expect(sources[0]!.closed).toBe(true);
  });
});
