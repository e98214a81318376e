import type { Detector } from './types';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = `(?:${OCTET}\\.){3}${OCTET}`;
const HEX = '[0-9A-Fa-f]';

const mask = (value: string): string =>
  value.includes(':') ? `${value.slice(0, value.indexOf(':'))}:****` : `${value.slice(0, value.indexOf('.'))}.*.*.*`;

/**
 * IPv4 with valid octets and no leading zeros. Loopback and `0.0.0.0` identify nobody and fill
 * code samples, so they are left alone. A four-part version string such as `1.2.3.4` is a
 * valid address and is matched; `v1.2.3.4` and `1.2.3.4.5` are not.
 */
export const ipv4: Detector = {
  type: 'ip',
  group: 'ip',
  pattern: `(?<![\\w:.])${IPV4}(?![\\w]|\\.\\d)`,
  validate: (value) => !value.startsWith('127.') && value !== '0.0.0.0',
  mask,
};

/**
 * IPv6, anchored on the first colon pair (`::` or `:db8:`), which every form of the address
 * has; the first group is taken leftwards. Starting from the hex digits instead would try
 * nearly every word of prose, since a–f are letters.
 */
export const ipv6: Detector = {
  type: 'ip',
  group: 'ip',
  pattern: `:${HEX}{0,4}:(?:${HEX}{0,4}:){0,6}(?:${IPV4}|${HEX}{1,4})?(?![\\w:]|\\.\\d)`,
  extendLeft: { chars: /[0-9A-Fa-f]/, min: 0, max: 4, boundary: /[\w:.]/ },
  validate: isIpv6,
  mask,
};

/**
 * Full eight-group form, or one `::` standing for the missing groups. Compressed forms must
 * hold a digit, which keeps C++/Rust paths (`dead::beef`, `a::b`) out; `::1` and `::` are
 * loopback and unspecified.
 */
function isIpv6(value: string): boolean {
  const halves = value.split('::');
  if (halves.length > 2 || value.includes(':::')) return false;
  const groups = halves.flatMap((half) => (half === '' ? [] : half.split(':')));
  let count = 0;
  for (const [i, group] of groups.entries()) {
    if (group.includes('.')) {
      if (i !== groups.length - 1) return false;
      count += 2; // an embedded IPv4 fills two groups
    } else if (/^[0-9A-Fa-f]{1,4}$/.test(group)) {
      count += 1;
    } else {
      return false;
    }
  }
  if (halves.length === 1) return count === 8;
  return count < 8 && count >= 2 && /\d/.test(value);
}
