/**
 * GET /events: live gateway events as Server-Sent Events. Each frame carries `id:` (the bus
 * sequence), `event:` (the event type) and `data:` (the GatewayEvent JSON). A reconnecting
 * EventSource sends `Last-Event-ID` and gets what it missed from the bus's ring buffer first.
 * Authentication is in admin-auth.ts (this endpoint alone also takes `?token=`).
 */
import type { Router } from 'express';
import type { StampedEvent } from '../events/event-bus';
import type { AdminDeps } from './deps';

export const SSE_KEEP_ALIVE_MS = 15_000;
/** A client this far behind (bytes queued in our socket buffer) is cut off; it reconnects and replays. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/** `Last-Event-ID` (sent by EventSource on reconnect), or `?lastEventId=` for a fresh page that kept one. */
function lastEventId(header: string | undefined, query: unknown): number | undefined {
  const raw = header ?? (typeof query === 'string' ? query : undefined);
  if (raw === undefined || !/^\d{1,15}$/.test(raw.trim())) return undefined;
  return Number(raw.trim());
}

export function frame(stamped: StampedEvent): string {
  return `id: ${stamped.id}\nevent: ${stamped.event.type}\ndata: ${JSON.stringify(stamped.event)}\n\n`;
}

export function registerEventsEndpoint(api: Router, deps: AdminDeps): void {
  api.get('/events', (req, res) => {
    const header = req.headers['last-event-id'];
    const after = lastEventId(typeof header === 'string' ? header : undefined, req.query.lastEventId);
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      // Reverse proxies (nginx) would otherwise hold frames back.
      'x-accel-buffering': 'no',
    });
    req.socket.setNoDelay(true);
    res.write('retry: 2000\n\n');

    const send = (stamped: StampedEvent): void => {
      res.write(frame(stamped));
      if (res.writableLength > MAX_BUFFERED_BYTES) res.destroy();
    };
    // Replay, then subscribe, in one synchronous step: the bus cannot publish in between, so
    // no event is missed or sent twice.
    if (after !== undefined) for (const stamped of deps.events.since(after)) send(stamped);
    const unsubscribe = deps.events.subscribe(send);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), deps.sseKeepAliveMs ?? SSE_KEEP_ALIVE_MS);
    keepAlive.unref();
    res.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
    });
  });
}
