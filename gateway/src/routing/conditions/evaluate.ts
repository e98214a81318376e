/**
 * Turns a validated `when` into a predicate over a request's routing facts. Compiled once per
 * condition object (config objects live until the next reload), so regexes are built once.
 */
import { testPattern } from './test-pattern';
import type { ResolvedFacts } from '../facts';
import { COMPARE_OPS, compare, flattenTests, isMap, isScalar, METADATA_PREFIX, REGEX_FLAGS } from './syntax';
import type { CompareOp } from './syntax';

export type Predicate = (facts: ResolvedFacts) => boolean;

const compiled = new WeakMap<object, Predicate>();
const never: Predicate = () => false;

/** The predicate of a condition; anything malformed (config validation refuses it) never matches. */
export function compileCondition(condition: unknown): Predicate {
  if (!isMap(condition)) return never;
  const known = compiled.get(condition);
  if (known) return known;
  const tests = flattenTests(condition).map(({ key, value }) => compileTest(key, value));
  const predicate: Predicate = tests.length === 0 ? never : (facts) => tests.every((test) => test(facts));
  compiled.set(condition, predicate);
  return predicate;
}

function compileTest(key: string, value: unknown): Predicate {
  switch (key) {
    case 'and':
    case 'or': {
      if (!Array.isArray(value) || value.length === 0) return never;
      const parts = value.map(compileCondition);
      return key === 'and' ? (facts) => parts.every((part) => part(facts)) : (facts) => parts.some((part) => part(facts));
    }
    case 'not': {
      const inner = compileCondition(value);
      return (facts) => !inner(facts);
    }
    case 'promptTokens': {
      const matcher = compileValue(value);
      return (facts) => facts.estimatedTokens !== undefined && matcher(String(facts.estimatedTokens));
    }
    case 'hasTools':
      return (facts) => facts.hasTools === value;
    case 'hasImages':
      return (facts) => facts.hasImages === value;
    case 'key': {
      const matcher = compileValue(value);
      return (facts) => facts.key !== undefined && (matcher(facts.key.name) || matcher(facts.key.id));
    }
    case 'user':
      return field(value, (facts) => facts.user);
    case 'team':
      return field(value, (facts) => facts.key?.team ?? facts.metadata.team);
    case 'tier':
      return field(value, (facts) => facts.key?.tier ?? facts.metadata.tier);
    case 'lastUserMessage':
      return field(value, (facts) => facts.lastUserText);
    default: {
      if (!key.startsWith(METADATA_PREFIX) || key.length === METADATA_PREFIX.length) return never;
      const name = key.slice(METADATA_PREFIX.length);
      return field(value, (facts) => (Object.hasOwn(facts.metadata, name) ? facts.metadata[name] : undefined));
    }
  }
}

function field(value: unknown, read: (facts: ResolvedFacts) => string | undefined): Predicate {
  const matcher = compileValue(value);
  return (facts) => matcher(read(facts));
}

/** A value test: a scalar means equality (as text); a map holds operators that must all hold. */
function compileValue(test: unknown): (actual: string | undefined) => boolean {
  if (isScalar(test)) {
    const expected = String(test);
    return (actual) => actual === expected;
  }
  if (!isMap(test)) return () => false;
  const checks: Array<(actual: string) => boolean> = [];
  for (const [op, operand] of Object.entries(test)) {
    if (op === 'in' && Array.isArray(operand)) {
      const allowed = new Set(operand.filter(isScalar).map(String));
      checks.push((actual) => allowed.has(actual));
    } else if (op === 'matches' && typeof operand === 'string') {
      const flags = typeof test.flags === 'string' && REGEX_FLAGS.test(test.flags) ? test.flags : '';
      const regex = safeRegex(testPattern(operand), flags);
      checks.push((actual) => regex !== undefined && regex.test(actual));
    } else if ((COMPARE_OPS as readonly string[]).includes(op) && typeof operand === 'number') {
      checks.push((actual) => actual.trim() !== '' && compare(op as CompareOp, Number(actual), operand));
    } else if (op !== 'flags') {
      return () => false;
    }
  }
  if (checks.length === 0) return () => false;
  return (actual) => actual !== undefined && checks.every((check) => check(actual));
}

function safeRegex(pattern: string, flags: string): RegExp | undefined {
  try {
    // No `g`/`y`: a stateful regex would alternate between matching and not.
    return new RegExp(pattern, flags);
  } catch {
    return undefined;
  }
}
