/**
 * The live event feed (`GET /admin/api/events`, SSE). EventSource reconnects by itself and sends
 * `Last-Event-ID`, so the gateway replays what we missed; we only step in when the browser gives
 * up (readyState CLOSED, e.g. after an HTTP error) and open a fresh stream after a pause.
 */
import type { GatewayEvent } from './contract';

export type LiveStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** The subset of EventSource we use, so tests can hand in a fake. */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}

export type EventSourceFactory = (url: string) => EventSourceLike;

export interface EventStreamHandlers {
  onEvent(event: GatewayEvent): void;
  onStatus?(status: LiveStatus): void;
}

export interface EventStreamOptions {
  createEventSource?: EventSourceFactory;
  /** Pause before reopening a stream the browser closed. */
  retryMs?: number;
}

export const GATEWAY_EVENT_TYPES = [
  'request.started',
  'request.finished',
  'breaker.changed',
  'budget.alert',
  'config.applied',
  'config.rejected',
] as const satisfies ReadonlyArray<GatewayEvent['type']>;

const CLOSED = 2;
const DEFAULT_RETRY_MS = 5_000;

/**
 * Parses one SSE message. The `type` may be inside the JSON, or only in the SSE `event:` name;
 * anything that is not a known event is dropped rather than trusted.
 */
export function parseGatewayEvent(data: unknown, eventName: string): GatewayEvent | null {
  if (typeof data !== 'string') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const record = parsed as Record<string, unknown>;
  const type = typeof record.type === 'string' ? record.type : eventName;
  if (!(GATEWAY_EVENT_TYPES as readonly string[]).includes(type)) return null;
  return { ...record, type } as GatewayEvent;
}

/** Opens the stream; returns a function that closes it for good. */
export function openEventStream(url: string, handlers: EventStreamHandlers, options: EventStreamOptions = {}): () => void {
  const create =
    options.createEventSource ??
    ((target: string): EventSourceLike => {
      if (typeof EventSource === 'undefined') throw new Error('EventSource is not available');
      return new EventSource(target);
    });
  let source: EventSourceLike | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  const deliver = (event: MessageEvent, name: string) => {
    const parsed = parseGatewayEvent(event.data, name);
    if (parsed) handlers.onEvent(parsed);
  };

  const open = (first: boolean) => {
    handlers.onStatus?.(first ? 'connecting' : 'reconnecting');
    try {
      source = create(url);
    } catch {
      handlers.onStatus?.('closed');
      return;
    }
    const current = source;
    current.onopen = () => handlers.onStatus?.('open');
    current.onmessage = (event) => deliver(event, 'message');
    for (const type of GATEWAY_EVENT_TYPES) current.addEventListener(type, (event) => deliver(event, type));
    current.onerror = () => {
      if (stopped) return;
      if (current.readyState !== CLOSED) {
        handlers.onStatus?.('reconnecting');
        return;
      }
      current.close();
      handlers.onStatus?.('closed');
      retryTimer = setTimeout(() => {
        retryTimer = null;
        if (!stopped) open(false);
      }, options.retryMs ?? DEFAULT_RETRY_MS);
    };
  };

  open(true);
  return () => {
    stopped = true;
    if (retryTimer) clearTimeout(retryTimer);
    source?.close();
  };
}
