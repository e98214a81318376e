/**
 * Guards for regular expressions from the config that run on caller-controlled text (PII
 * custom patterns, routing conditions' `matches`). JavaScript regexes cannot be interrupted,
 * so a pattern that backtracks catastrophically would stall every request; three guards stand
 * in for a timeout. The exponential kinds are refused from the source alone, before anything
 * runs them: nested unbounded quantifiers (`(a+)+`, `(\w*)*`) and alternations whose branches
 * can start alike under an unbounded repeat (`(a|a)*`, `(a|ab)*c`; regex-overlap.ts). Then the
 * pattern is timed on an ~8 KB probe line, which catches the quadratic kind (`.*secret`).
 * Remaining risk: exponential shapes neither static check reads, on text the probe does not
 * hold.
 */

import { hasOverlappingAlternation, OVERLAPPING_ALTERNATION_ERROR } from './regex-overlap';

export { hasOverlappingAlternation, OVERLAPPING_ALTERNATION_ERROR } from './regex-overlap';

/** Probe text: one long line of ordinary prompt-like text, where a quadratic pattern shows itself. */
const PROBE = 'Order 48213 for Jane Doe <jane.doe@example.com> shipped 2024-05-01; ref EMP-004211, call +1 415 555 2671 or see https://example.com/a/b?c=d. '
  .repeat(48)
  .concat('a'.repeat(600), '0'.repeat(600), ' '.repeat(600));
/** A linear pattern scans the probe in well under a millisecond; this leaves a wide margin for slow machines. */
export const PROBE_BUDGET_MS = 20;

export const NESTED_QUANTIFIER_ERROR = 'nested unbounded quantifiers (like (a+)+ or (\\w*)*) can take exponential time; bound the inner or the outer repeat, e.g. {1,20}';

export const tooSlowError = (ms: number): string => `the pattern is too slow on long text (${Math.round(ms)} ms on an 8 KB line); avoid a leading .* and unanchored repeats`;

/** Why `source` could stall the event loop on hostile text, or undefined. `flags` must be valid and lack `g`. */
export function backtrackingHazard(source: string, flags: string): string | undefined {
  if (hasNestedUnboundedQuantifier(source)) return NESTED_QUANTIFIER_ERROR;
  // Never probed: on the probe's run of a's, `(a|a)*$` would take longer than the universe has.
  if (hasOverlappingAlternation(source, flags)) return OVERLAPPING_ALTERNATION_ERROR;
  const { ms } = probePattern(new RegExp(source, `${flags}g`));
  return ms > PROBE_BUDGET_MS ? tooSlowError(ms) : undefined;
}

/** Scans the probe line with a global regex: how long every match took, and whether one was empty. */
export function probePattern(regex: RegExp): { ms: number; empty: boolean } {
  const started = performance.now();
  let empty = false;
  regex.lastIndex = 0;
  for (let match = regex.exec(PROBE); match !== null; match = regex.exec(PROBE)) {
    // An empty match leaves lastIndex where it was: step past it and scan on.
    if (match[0] === '') {
      empty = true;
      regex.lastIndex += 1;
    }
  }
  regex.lastIndex = 0;
  return { ms: performance.now() - started, empty: empty || regex.test('') };
}

interface Quantifier {
  length: number;
  unbounded: boolean;
}

/** The quantifier at `i` (`*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, each maybe lazy), if any. */
function quantifierAt(source: string, i: number): Quantifier | undefined {
  const char = source[i];
  let length = 0;
  let unbounded = false;
  if (char === '*' || char === '+') [length, unbounded] = [1, true];
  else if (char === '?') length = 1;
  else if (char === '{') {
    const braces = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i, i + 24));
    if (!braces) return undefined;
    length = braces[0].length;
    unbounded = braces[2] !== undefined && braces[3] === '';
  } else return undefined;
  if (source[i + length] === '?') length += 1;
  return { length, unbounded };
}

/** Whether a group that itself contains an unbounded repeat is repeated without bound. */
export function hasNestedUnboundedQuantifier(source: string): boolean {
  const groups: boolean[] = [false];
  const markCurrent = (): void => void (groups[groups.length - 1] = true);
  let i = 0;
  while (i < source.length) {
    const char = source[i];
    if (char === '\\') i += 2;
    else if (char === '[') i = skipClass(source, i);
    else if (char === '(') {
      groups.push(false);
      i += 1;
      if (source[i] === '?') i = skipGroupPrefix(source, i);
      continue;
    } else if (char === ')') {
      const inner = groups.length > 1 ? (groups.pop() as boolean) : false;
      i += 1;
      const quantifier = quantifierAt(source, i);
      if (inner && quantifier?.unbounded) return true;
      if (inner || quantifier?.unbounded) markCurrent();
      if (quantifier) i += quantifier.length;
      continue;
    } else i += 1;
    const quantifier = quantifierAt(source, i);
    if (quantifier) {
      if (quantifier.unbounded) markCurrent();
      i += quantifier.length;
    }
  }
  return false;
}

function skipClass(source: string, start: number): number {
  // In JavaScript `[]` is an empty class: a `]` right after `[` closes it.
  let i = start + 1;
  while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** Past `?:`, `?=`, `?!`, `?<=`, `?<!` or `?<name>`. */
function skipGroupPrefix(source: string, i: number): number {
  if (source[i + 1] === '<' && source[i + 2] !== '=' && source[i + 2] !== '!') {
    const close = source.indexOf('>', i);
    return close === -1 ? i + 1 : close + 1;
  }
  return source[i + 1] === '<' ? i + 3 : i + 2;
}
