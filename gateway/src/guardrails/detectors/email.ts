import type { Detector } from './types';

const LOCAL = /[A-Za-z0-9._%+'-]/;
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';

/**
 * Addresses with a dotted domain and a letter TLD. The regex is anchored on the `@` and the
 * local part is taken leftwards from there: a pattern starting with the local part's broad
 * character class would be tried at nearly every position. `user@localhost` is not matched.
 */
export const email: Detector = {
  type: 'email',
  group: 'email',
  pattern: `@(?:${LABEL}\\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-])`,
  extendLeft: { chars: LOCAL, min: 1, max: 64, boundary: LOCAL },
  hints: ['@'],
  mask: (value) => `${value[0]}***${value.slice(value.lastIndexOf('@'))}`,
};
