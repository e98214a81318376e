import type { Detector } from './types';

const SEGMENT = '[A-Za-z0-9_-]';

/**
 * JSON Web Tokens: three base64url segments whose first decodes to a JSON object with an
 * `alg`. A JSON header always begins `{"`, which is `eyJ` in base64url. The signature may be
 * empty (`alg: none`).
 */
export const jwt: Detector = {
  type: 'jwt',
  group: 'secrets',
  pattern: `(?<![\\w-])eyJ${SEGMENT}{8,4096}\\.${SEGMENT}{2,65536}\\.${SEGMENT}{0,4096}(?![\\w-])`,
  validate: hasJsonHeader,
  mask: () => 'eyJ****',
};

function hasJsonHeader(value: string): boolean {
  try {
    const header: unknown = JSON.parse(Buffer.from(value.slice(0, value.indexOf('.')), 'base64url').toString('utf8'));
    return typeof header === 'object' && header !== null && typeof (header as { alg?: unknown }).alg === 'string';
  } catch {
    return false;
  }
}
