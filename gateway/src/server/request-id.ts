/**
 * Request ids: `req_` + 32 lowercase hex, time-ordered like a UUIDv7.
 *
 *   req_ | 12 hex: Unix ms | 6 hex: counter within that ms | 14 hex: random
 *
 * `request_log.id` has a UNIQUE index. Random ids put every insert on a random B-tree page;
 * ids that grow with time append to the right-most page, which measured about twice as fast
 * per row. The counter makes ids from one process sort in creation order even within one ms;
 * the 56 random bits keep two processes writing the same file (the desktop app and `serve`)
 * from colliding.
 */
import { randomBytes } from 'node:crypto';

/** Random bytes drawn at once: one `randomBytes` call per ~585 ids instead of one per id. */
const POOL_BYTES = 4096;
const RANDOM_HEX = 14;
const MAX_COUNTER = 0xff_ffff;

export interface RequestIdSource {
  now?: () => number;
  random?: (size: number) => Buffer;
  /** Ids per ms before borrowing the next ms (tests only; at most and by default 0xffffff). */
  counterLimit?: number;
}

/** Builds an id generator with its own clock state; the app uses the shared `newRequestId`. */
export function createRequestIdGenerator(source: RequestIdSource = {}): () => string {
  const { now = Date.now, random = randomBytes } = source;
  const counterLimit = Math.min(source.counterLimit ?? MAX_COUNTER, MAX_COUNTER);
  let lastMs = -1;
  let counter = 0;
  let prefix = '';
  let pool = '';
  let offset = 0;
  return () => {
    const ms = now();
    if (ms > lastMs) {
      lastMs = ms;
      counter = 0;
      prefix = `req_${msHex(ms)}`;
    } else if (counter < counterLimit) {
      // Same ms, or the clock stepped back: stay on the last timestamp so order still holds.
      counter += 1;
    } else {
      // The counter ran out within one ms: borrow the next ms rather than repeat or reorder.
      lastMs += 1;
      counter = 0;
      prefix = `req_${msHex(lastMs)}`;
    }
    if (offset + RANDOM_HEX > pool.length) {
      pool = random(POOL_BYTES).toString('hex');
      offset = 0;
    }
    const tail = pool.slice(offset, offset + RANDOM_HEX);
    offset += RANDOM_HEX;
    return prefix + hex(counter, 6) + tail;
  };
}

function hex(value: number, digits: number): string {
  return value.toString(16).padStart(digits, '0');
}

/**
 * A Unix ms time as 12 hex digits, written as two 24-bit halves: each is a small integer, whose
 * conversion is cheap, where the whole (past 2^31) is a double that V8 converts digit by digit
 * with fmod (counted at ~2,000 instructions an id under callgrind).
 */
const msHex = (ms: number): string => hex(Math.floor(ms / 0x100_0000), 6) + hex(ms % 0x100_0000, 6);

/** A new request id; ids from this process sort in the order they were made. */
export const newRequestId = createRequestIdGenerator();
