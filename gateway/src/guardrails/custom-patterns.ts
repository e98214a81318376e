import { hasNestedUnboundedQuantifier, hasOverlappingAlternation, NESTED_QUANTIFIER_ERROR, OVERLAPPING_ALTERNATION_ERROR, PROBE_BUDGET_MS, probePattern, tooSlowError } from '../config/regex-hazard';
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

/**
 * Compiles a custom pattern once, or explains why it cannot be used: one that could backtrack
 * catastrophically on a prompt is refused (config/regex-hazard.ts). A leading `(?i)` makes it
 * case-insensitive.
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
    return { field: 'pattern', error: NESTED_QUANTIFIER_ERROR };
  }
  // Before the probe, which such a pattern would never finish.
  if (hasOverlappingAlternation(source, insensitive ? 'i' : '')) {
    return { field: 'pattern', error: OVERLAPPING_ALTERNATION_ERROR };
  }
  const probe = probePattern(regex);
  if (probe.empty) return { field: 'pattern', error: 'the pattern can match empty text; it must match at least one character' };
  if (probe.ms > PROBE_BUDGET_MS) {
    return { field: 'pattern', error: tooSlowError(probe.ms) };
  }
  return { detector: { type: config.name, label, regex, mask: maskCustom } };
}

/** Keeps the last two characters of values long enough that this says little. */
function maskCustom(value: string): string {
  return value.length >= 8 ? `${'*'.repeat(value.length - 2)}${value.slice(-2)}` : '*'.repeat(value.length);
}
