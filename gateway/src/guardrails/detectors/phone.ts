import { maskDigits } from './mask';
import type { Detector } from './types';

const SEP = '[ .\\-]';
/** `+CC` then digit groups; a parenthesised group may run straight into digits: `+44 (0)20 7946 0958`. */
const INTERNATIONAL = `\\+[1-9]\\d{0,14}(?:${SEP}?\\(\\d{1,5}\\)\\d{0,8}|${SEP}\\d{1,8}){0,7}`;
/**
 * National: two to five groups, each separated, the first optionally in parentheses. Dates
 * (`2024-05-01`, `01.05.2024`) are the commonest look-alike in prose, so they are excluded
 * here rather than in validate, which would run for each one.
 */
const NOT_A_DATE = '(?!\\d{4}[-./]\\d{1,2}[-./]\\d{1,2}(?!\\d)|\\d{1,2}[-./]\\d{1,2}[-./]\\d{4}(?!\\d))';
const NATIONAL = `${NOT_A_DATE}(?:\\(\\d{2,5}\\)${SEP}?|\\d{2,5}${SEP})\\d{2,8}(?:${SEP}\\d{2,8}){0,3}`;

/**
 * Phone numbers. A bare run of digits is never a phone number here: a match needs a leading
 * `+` or separators between groups. That skips `14155552671` written plainly, but keeps
 * timestamps, order ids and other long numbers out. National numbers need 9–12 digits, so
 * a 7-digit local `555-2671` is not matched either. Look-alikes are rejected in `validate`.
 */
export const phone: Detector = {
  type: 'phone',
  group: 'phone',
  // Not inside a word or number (`v1.2`, `ORD-2024-…`, the tail of a spaced card number),
  // and not stopping where more digits follow.
  pattern: `(?<![\\w+.\\-/]|\\d${SEP})(?:${INTERNATIONAL}|${NATIONAL})(?!\\w|${SEP}?\\d|:\\d|[.\\-]\\w)`,
  validate: isPhone,
  mask: (value) => maskDigits(value, 2),
};

function isPhone(value: string): boolean {
  const digits = value.replace(/\D/g, '').length;
  const groups = value.split(/[ .\-()]+/).filter(Boolean);
  const separators = value.match(/[ .\-]/g) ?? [];
  if (looksLikeDate(groups)) return false;
  if (value.startsWith('+')) return digits >= 8 && digits <= 15;
  if (digits < 9 || digits > 12) return false;
  // Two groups read as a phone number only in trunk-prefix (`030 1234567`) or area-code form.
  if (groups.length === 2 && !value.startsWith('(') && !groups[0]!.startsWith('0')) return false;
  if (/^\d{3}-\d{2}-\d{4}$/.test(value)) return false; // the SSN shape
  if (!value.startsWith('(') && !groups[0]!.startsWith('0')) {
    // Led by a year (`2024-05-000123`, `2023-1234-5678`): an order or invoice number.
    if (/^(?:19|20)\d\d$/.test(groups[0]!)) return false;
    // Groups all of one length (`100 200 300`, `1024 2048 4096`): a list of numbers, in code
    // or data. Not the 3-3-3 numbers of Spain and Portugal, which start with 6–9 (`912 345 678`).
    const size = groups[0]!.length;
    if (groups.every((group) => group.length === size) && !(size === 3 && groups.length === 3 && /^[6-9]/.test(value))) return false;
  }
  const dotted = separators.length > 0 && separators.every((sep) => sep === '.');
  if (dotted && groups.length === 4 && groups.every((group) => group.length <= 3)) return false; // IPv4
  if (dotted && groups[0]!.length <= 3 && groups.slice(1).every((group) => group.length === 3)) return false; // 1.000.000
  return true;
}

function looksLikeDate(groups: string[]): boolean {
  const [a, b, c] = groups;
  if (a === undefined || b === undefined || c === undefined) return false;
  return (a.length === 4 && b.length <= 2 && c.length <= 2) || (a.length <= 2 && b.length <= 2 && c.length === 4);
}
