import type { Server } from 'node:http';
import { cutByShutdown, unansweredAtShutdown } from '../errors/gateway-error';
import type { CutList } from '../upstream/cut-list';
import { CUT_HANDLERS_MS, CUT_WRITE_MS } from './shutdown-timing';
import type { Tally } from './tally';

/** What runs, for a drain to wait for; one object per server. */
export interface InFlight {
  /** Inference responses still open (counted, not kept: see Tally). */
  responses: Tally;
  /** Handlers still running: a request cut at the deadline still writes its log row. */
  handlers: Tally;
  /** The inference calls running (InFlightCall), so that those still waiting on a provider are answered. */
  calls: CutList;
  /** Set once the drain closes every connection: a response closed unfinished then was cut by the shutdown, not its client. */
  cutting: boolean;
}

/** A shutdown under way. */
export interface Drain {
  /** Resolves once the server is closed and the calls it cut have had their time to log. */
  done: Promise<void>;
  /** Ends the wait sooner: at most `graceMs` from now (0: now); a later end is ignored. */
  shorten(graceMs: number): void;
}

/**
 * Stops accepting, lets the calls in flight (streams included) finish within `graceMs`, then
 * cuts the rest in their caller's shape (an SDK then names the shutdown, where a closed socket
 * is a vague network error): streams still relayed get an error event, calls still waiting on a
 * provider a 503 `shutting_down` answer. Those are briefly waited for, then every connection
 * still open is closed.
 */
export function startDrain(server: Server, inFlight: InFlight, streams: CutList | undefined, graceMs: number): Drain {
  const { responses, handlers, calls } = inFlight;
  /** When the grace period ends (ms since the epoch), and what ends it. */
  let graceEndsAt = Infinity;
  let graceTimer: NodeJS.Timeout | undefined;
  let endGrace = (): void => undefined;
  const shorten = (ms: number): void => {
    if (Date.now() + ms >= graceEndsAt) return;
    graceEndsAt = Date.now() + ms;
    clearTimeout(graceTimer);
    graceTimer = setTimeout(() => endGrace(), ms).unref();
  };
  const cutCalls = async (): Promise<void> => {
    streams?.cutAll(cutByShutdown());
    calls.cutAll(unansweredAtShutdown());
    // Every call still open was cut just now (none joins once the drain began), so this waits
    // for all of them: counting only those cut would let any other call that ends meanwhile
    // stand in for one still writing its error. A client too slow to take it is cut with its
    // socket, as is one still sending its request.
    await Promise.race([responses.idle(), sleep(CUT_WRITE_MS)]);
  };
  const done = (async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    if (responses.size > 0) {
      await new Promise<void>((resolve) => {
        endGrace = resolve;
        shorten(graceMs);
        void responses.idle().then(resolve);
      });
      clearTimeout(graceTimer);
      await cutCalls();
    }
    inFlight.cutting = true;
    server.closeAllConnections();
    await Promise.race([handlers.idle(), sleep(CUT_HANDLERS_MS)]);
    await closed;
  })();
  return { done, shorten };
}

/** Resolves after `ms`, without keeping the process alive for it. */
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());
