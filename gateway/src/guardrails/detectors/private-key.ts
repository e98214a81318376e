import type { Detector } from './types';

const BEGIN = '-----BEGIN[A-Z0-9 ]{0,40} PRIVATE KEY(?: BLOCK)?-----';
const END = '-----END[A-Z0-9 ]{0,40} PRIVATE KEY(?: BLOCK)?-----';
/**
 * Base64 body lines for a block cut off before its END: line breaks may still be escaped
 * (`\\n` inside JSON text), and legacy encrypted keys carry `Proc-Type:`/`DEK-Info:` headers.
 */
const BODY = '(?:[A-Za-z0-9+/=]|\\r?\\n|\\\\[nr]|(?:Proc-Type|DEK-Info): [^\\n\\\\]{0,200}){0,65536}';

/**
 * What may lie between BEGIN and END: anything up to 64 KB, but never another BEGIN. Without
 * that stop, each BEGIN line with no END after it scanned the next 64 KB, so a prompt of
 * nothing but BEGIN lines cost 64 KB of matching per 27 bytes (7 s of blocked event loop for
 * 1 MB, minutes for a 32 MB body); with it, each scan ends where the next BEGIN starts.
 */
const INSIDE = '(?:(?!-----BEGIN)[\\s\\S]){0,65536}?';

/**
 * PEM private keys (PKCS#1/#8, EC, OpenSSH, encrypted, PGP blocks): BEGIN to END. A block cut
 * off before its END line (pasted half, truncated log) is still taken up to where the base64
 * body stops, because half a key is still a leak.
 */
export const privateKey: Detector = {
  type: 'private_key',
  group: 'secrets',
  pattern: `${BEGIN}(?:${INSIDE}${END}|${BODY})`,
  hints: ['PRIVATE KEY'],
  mask: (value) => {
    const header = /^-----BEGIN[^-]*-----/.exec(value)?.[0] ?? '-----BEGIN PRIVATE KEY-----';
    const footer = /-----END[^-]*-----$/.exec(value)?.[0] ?? '';
    return `${header}\n****\n${footer}`;
  },
};
