import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../errors/gateway-error';
import type { BudgetLimits, Limits } from '../limits/limit-types';

/** Who is calling: a gateway key's identity, never the key itself. */
export interface KeyIdentity {
  id: string;
  name: string;
  user?: string;
  team?: string;
  /** Free-form label for routing rules (`metadata.tier`), from the key record. */
  tier?: string;
  /** Route names this key may call; absent means every route. */
  allowedRoutes?: readonly string[];
  /** The key's own rate limits (see limits/subjects.ts for the others). */
  limits?: Limits;
  /** The key's own USD budget (see limits/budgets.ts). */
  budget?: BudgetLimits;
}

/** Checks gateway keys. The in-memory master key now; hashed keys in SQLite later. */
export interface Authenticator {
  authenticate(token: string): KeyIdentity | undefined;
}

const sha256 = (value: string): Buffer => createHash('sha256').update(value).digest();

/** The SHA-256 of a presented token, raw and in hex (the key store looks keys up by hex). */
export interface TokenDigest {
  bytes: Buffer;
  hex: string;
}

/** Clients send the same key on every call: a few recent digests spare a hash per request. */
const recentDigests = new Map<string, TokenDigest>();
const RECENT_DIGESTS = 64;

/**
 * The digest of a token a client presented, remembered for the last few distinct tokens.
 * Only digests are compared or looked up; a Map lookup by the token itself reveals nothing
 * about stored keys, since it is keyed by what the caller sent. Not for minting keys.
 */
export function presentedDigest(token: string): TokenDigest {
  let digest = recentDigests.get(token);
  if (digest === undefined) {
    const bytes = sha256(token);
    digest = { bytes, hex: bytes.toString('hex') };
    if (recentDigests.size >= RECENT_DIGESTS) recentDigests.delete(recentDigests.keys().next().value as string);
    recentDigests.set(token, digest);
  }
  return digest;
}

/** Compares in constant time: hashing first makes the lengths equal too. */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
}

/** The id of `SWITCHBOARD_API_KEY`'s identity, whose holder owns the gateway. */
export const MASTER_KEY_ID = 'master';
/** The master key's identity: one object, so what is derived from an identity can be kept by it. */
export const MASTER_IDENTITY: KeyIdentity = Object.freeze({ id: MASTER_KEY_ID, name: 'master key' });

/** Accepts the one gateway key from SWITCHBOARD_API_KEY or the data dir. */
export class MasterKeyAuthenticator implements Authenticator {
  private readonly digest: Buffer;

  constructor(key: string) {
    this.digest = sha256(key);
  }

  authenticate(token: string): KeyIdentity | undefined {
    return timingSafeEqual(presentedDigest(token).bytes, this.digest) ? MASTER_IDENTITY : undefined;
  }
}

/** The token a client presented: `Authorization: Bearer`, `x-api-key` (Anthropic), `api-key` (Azure) or `x-goog-api-key` (Gemini). */
export function presentedToken(req: IncomingMessage): string | undefined {
  const authorization = req.headers.authorization;
  if (authorization !== undefined) {
    // What SDKs send, taken without a trim and a regex: "Bearer <token>" with no space around it.
    if (authorization.startsWith('Bearer ') && !isSpace(authorization.charCodeAt(7)) && !isSpace(authorization.charCodeAt(authorization.length - 1))) return authorization.slice(7);
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    if (match) return match[1];
  }
  const apiKey = req.headers['x-api-key'] ?? req.headers['api-key'] ?? req.headers['x-goog-api-key'];
  return typeof apiKey === 'string' && apiKey !== '' ? apiKey : undefined;
}

/** What `\s` and `trim` treat as space among header characters (Latin-1): controls, space, NBSP. */
const isSpace = (code: number): boolean => code <= 32 || code === 0xa0;

export const missingKey = (): GatewayError =>
  new GatewayError('authentication', 'Missing gateway key: send it as "Authorization: Bearer <key>", "x-api-key: <key>" or (Gemini clients) "x-goog-api-key: <key>"', { code: 'missing_api_key' });

export const invalidKey = (): GatewayError => new GatewayError('authentication', 'Invalid gateway key', { code: 'invalid_api_key' });
