import { maskAlnum } from './mask';
import type { Detector } from './types';

/** IBAN length by country (SWIFT IBAN registry). Countries not listed are checked by mod-97 alone. */
const LENGTHS: Record<string, number> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HN: 28, HR: 21, HU: 28,
  IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20,
  LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28,
  NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24,
  SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26,
  UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
};

/**
 * International bank account numbers, compact or in groups of four, upper case. The check
 * digits are verified with ISO 7064 mod-97, and the length against the country's.
 */
export const iban: Detector = {
  type: 'iban',
  group: 'iban',
  pattern: '(?<![A-Za-z0-9])[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![A-Za-z0-9])',
  validate: isIban,
  mask: (value) => maskAlnum(value, 2, 4),
};

function isIban(value: string): boolean {
  const compact = value.replace(/ /g, '');
  const expected = LENGTHS[compact.slice(0, 2)];
  if (expected === undefined ? compact.length < 15 || compact.length > 34 : compact.length !== expected) return false;
  return mod97(compact.slice(4) + compact.slice(0, 4)) === 1;
}

/** The remainder of the IBAN's numeric form (A=10 … Z=35) by 97, computed piecewise to stay in range. */
function mod97(rearranged: string): number {
  let remainder = 0;
  for (const char of rearranged) {
    const code = char.charCodeAt(0);
    const digits = code >= 65 ? code - 55 : code - 48;
    remainder = (digits > 9 ? remainder * 100 + digits : remainder * 10 + digits) % 97;
  }
  return remainder;
}
