/** Gateway key plaintexts, ids and what is stored instead of the plaintext. */
import { createHash, randomBytes } from 'node:crypto';

export const KEY_PREFIX = 'sk-sb-';
/** Characters after `sk-sb-` kept for recognition: 24 of the key's 256 bits, no help to a guesser. */
const SHOWN_CHARS = 4;

/** A new plaintext: `sk-sb-` and 32 random bytes in base64url (43 characters). */
export const newKeyToken = (): string => `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;

/** A new key id (not secret; it appears in logs and URLs). */
export const newKeyId = (): string => `key_${randomBytes(9).toString('base64url')}`;

/** What is stored and looked up: the SHA-256 of the plaintext, in hex. */
export const hashKey = (token: string): string => createHash('sha256').update(token).digest('hex');

/** The recognisable start of a key, e.g. `sk-sb-AbCd`; lists show it followed by "…". */
export const keyPrefix = (token: string): string => token.slice(0, KEY_PREFIX.length + SHOWN_CHARS);
