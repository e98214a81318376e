import type { IncomingMessage } from 'node:http';
import type { ForeignRequestsDto } from '../admin/api-types';
import type { GatewayError } from '../errors/gateway-error';

/** What the admin status reports (host: DNS rebinding; origin: a page on another site). */
export type ForeignRequestsSnapshot = ForeignRequestsDto;

/** How often at most a line about these refusals goes to stderr. */
const REPORT_EVERY_MS = 60_000;
const MAX_VALUE = 100;
const CONTROL = /[\x00-\x1f\x7f-\x9f]/g;

/**
 * Counts requests refused by the ingress guard for a foreign Host or Origin. They are an attack
 * signal (a web page probing the gateway) rather than a call that failed, and any page the user
 * opens can send them by the thousand, so they get no log row: a count and the latest one for
 * the admin status, and one line on stderr per minute at most (the first at once, then a count
 * of the rest when the minute is over).
 */
export class ForeignRequests {
  private counts = { host: 0, origin: 0 };
  private last: ForeignRequestsSnapshot['last'] = null;
  /** Refusals since the last line, while a line was written less than a minute ago. */
  private unreported = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly log: (line: string) => void) {}

  /** Counts `error` if the ingress guard refused `req` for a foreign Host or Origin; other refusals are ignored. */
  note(req: IncomingMessage, error: GatewayError): void {
    const reason = error.code === 'host_not_allowed' ? 'host' : error.code === 'origin_not_allowed' ? 'origin' : undefined;
    if (reason === undefined) return;
    this.counts[reason] += 1;
    // Control characters (C1 too: a terminal may act on them) are no part of a name worth showing.
    const value = ((reason === 'host' ? req.headers.host : req.headers.origin) ?? '').slice(0, MAX_VALUE + 1).replace(CONTROL, '?');
    this.last = { at: Date.now(), reason, value: value.length > MAX_VALUE ? `${value.slice(0, MAX_VALUE)}…` : value };
    if (this.timer !== undefined) {
      this.unreported += 1;
      return;
    }
    this.log(`[switchboard] refused a request with a foreign ${describe(this.last)} (DNS rebinding or a web page calling the gateway); GET /admin/api/status counts them`);
    this.arm();
  }

  snapshot(): ForeignRequestsSnapshot {
    return { host: this.counts.host, origin: this.counts.origin, last: this.last === null ? null : { ...this.last } };
  }

  /** Stops the pending report (at shutdown). */
  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.unreported === 0 || this.last === null) return;
      this.log(`[switchboard] refused ${this.unreported} more requests with a foreign Host or Origin in the last minute (latest: ${describe(this.last)})`);
      this.unreported = 0;
      this.arm();
    }, REPORT_EVERY_MS).unref();
  }
}

/** `Host "evil.example"`, quoted. */
function describe(last: NonNullable<ForeignRequestsSnapshot['last']>): string {
  return `${last.reason === 'host' ? 'Host' : 'Origin'} ${JSON.stringify(last.value)}`;
}
