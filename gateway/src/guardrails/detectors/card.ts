import { maskDigits } from './mask';
import type { Detector } from './types';

/**
 * Payment card numbers: 13–19 digits, optionally grouped by spaces or dashes, passing the Luhn
 * check. One in ten random numbers passes Luhn, so the first digit must also be a real issuer
 * range (2–6: Mastercard, Visa, Amex, Discover, JCB, UnionPay…), which drops millisecond
 * timestamps (`17…`) and most ids; a 16-digit order id starting 2–6 can still pass.
 */
export const card: Detector = {
  type: 'card',
  group: 'card',
  pattern: '(?<![\\w-]|\\d )[2-6]\\d{3}(?:[ -]?\\d){9,15}(?!\\w|[ -]\\d)',
  validate: isCard,
  mask: (value) => maskDigits(value, 4),
};

function isCard(value: string): boolean {
  const separators = new Set(value.match(/[ -]/g) ?? []);
  if (separators.size > 1) return false;
  if (separators.size === 1 && value.split(/[ -]/).some((group) => group.length < 3)) return false;
  const digits = value.replace(/\D/g, '');
  if (/^(\d)\1+$/.test(digits)) return false;
  return luhn(digits);
}

/** The Luhn mod-10 checksum over a digit string. */
export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}
