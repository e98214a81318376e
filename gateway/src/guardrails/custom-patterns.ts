import { labelFor } from './detectors/types';
import type { MatchKind } from './detectors/types';

/** One `guardrails.pii.custom` entry. */
export interface CustomPatternConfig {
  name: string;
  pattern: string;
}

export interface CustomDetector extends MatchKind {
  /** Global (`g`) regex; the scanner resets `lastIndex` before each use. */
  readonly regex: RegExp;
}

export type CustomCompileResult = { detector: CustomDetector } | { error: string; field: 'name' | 'pattern' };

/** Probe text: one long line of ordinary prompt-like text, where a quadratic pattern shows itself. */
const PROBE = 'Order 48213 for Jane Doe <jane.doe@example.com> shipped 2024-05-01; ref EMP-004211, call +1 415 555 2671 or see https://example.com/a/b?c=d. '
  .repeat(48)
  .concat('a'.repeat(600), '0'.repeat(600), ' '.repeat(600));
/** A linear pattern scans the probe in well under a millisecond; this leaves a wide margin for slow machines. */
const PROBE_BUDGET_MS = 20;

/**
 * Compiles a custom pattern once, or explains why it cannot be used. JavaScript regexes cannot
 * be interrupted, so a pattern that backtracks catastrophically would stall every request;
 * two guards stand in for a timeout: nested unbounded quantifiers (`(a+)+`, `(\w*)*`, the
 * exponential kind) are refused outright, and the pattern is timed on an ~8 KB probe line,
 * which catches the quadratic kind (`.*secret`). Remaining risk: overlapping alternations
 * (`(a|a)*`) that the probe text does not trigger. A leading `(?i)` makes it case-insensitive.
 */
export function compileCustomPattern(config: CustomPatternConfig): CustomCompileResult {
  const label = labelFor(config.name);
  if (!/^[A-Z][A-Z0-9_]*$/.test(label)) return { field: 'name', error: 'a custom detector name must start with a letter (it becomes the placeholder, e.g. [EMPLOYEE_ID_1])' };
  const insensitive = config.pattern.startsWith('(?i)');
  const source = insensitive ? config.pattern.slice(4) : config.pattern;
  let regex: RegExp;
  try {
    regex = new RegExp(source, insensitive ? 'gi' : 'g');
  } catch (error) {
    return { field: 'pattern', error: `invalid regular expression: ${error instanceof SyntaxError ? error.message : String(error)}` };
  }
  if (hasNestedUnboundedQuantifier(source)) {
    return { field: 'pattern', error: 'nested unbounded quantifiers (like (a+)+ or (\\w*)*) can take exponential time; bound the inner or the outer repeat, e.g. {1,20}' };
  }
  const probe = probePattern(regex);
  if (probe.empty) return { field: 'pattern', error: 'the pattern can match empty text; it must match at least one character' };
  if (probe.ms > PROBE_BUDGET_MS) {
    return { field: 'pattern', error: `the pattern is too slow on long text (${Math.round(probe.ms)} ms on an 8 KB line); avoid a leading .* and unanchored repeats` };
  }
  return { detector: { type: config.name, label, regex, mask: maskCustom } };
}

/** Keeps the last two characters of values long enough that this says little. */
function maskCustom(value: string): string {
  return value.length >= 8 ? `${'*'.repeat(value.length - 2)}${value.slice(-2)}` : '*'.repeat(value.length);
}

function probePattern(regex: RegExp): { ms: number; empty: boolean } {
  const started = performance.now();
  let empty = false;
  regex.lastIndex = 0;
  for (let match = regex.exec(PROBE); match !== null; match = regex.exec(PROBE)) {
    if (match[0] === '') {
      empty = true;
      break;
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
