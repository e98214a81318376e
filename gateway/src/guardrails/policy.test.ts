import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error';
import { hasNestedUnboundedQuantifier, hasOverlappingAlternation } from '../config/regex-hazard';
import { compileCustomPattern } from './custom-patterns';
import { compileDetectors, piiConfigIssues } from './policy';

const typesFound = (settings: Parameters<typeof compileDetectors>[0], text: string): string[] =>
  compileDetectors(settings)
    .find(text)
    .map((match) => match.kind.type);

describe('guardrails.pii config', () => {
  it('enables every builtin when detectors is absent', () => {
    expect(typesFound(undefined, 'mail jane@example.com, card 4242 4242 4242 4242, key AKIAIOSFODNN7EXAMPLE')).toEqual(['email', 'card', 'aws_access_key']);
  });

  it('enables only the listed groups and types', () => {
    const text = 'mail jane@example.com, card 4242 4242 4242 4242, key AKIAIOSFODNN7EXAMPLE';
    expect(typesFound({ detectors: ['card'] }, text)).toEqual(['card']);
    expect(typesFound({ detectors: ['secrets'] }, text)).toEqual(['aws_access_key']);
    expect(typesFound({ detectors: ['email', 'aws_access_key'] }, text)).toEqual(['email', 'aws_access_key']);
    expect(typesFound({ detectors: [] }, text)).toEqual([]);
  });

  it('runs custom patterns beside the builtins', () => {
    const settings = { detectors: ['email'], custom: [{ name: 'employee-id', pattern: 'EMP-\\d{6}' }] };
    expect(typesFound(settings, 'EMP-004211 is jane@example.com')).toEqual(['employee-id', 'email']);
  });

  it('makes a pattern starting with (?i) case-insensitive', () => {
    expect(typesFound({ detectors: [], custom: [{ name: 'project', pattern: '(?i)project-x\\d' }] }, 'about PROJECT-X7')).toEqual(['project']);
  });

  it('reports each problem at its path, without throwing', () => {
    const issues = piiConfigIssues({
      detectors: ['email', 'creditcard'],
      custom: [
        { name: 'ok', pattern: 'A\\d{3}' },
        { name: 'broken', pattern: 'EMP-(\\d{6}' },
        { name: 'email', pattern: 'x\\d' },
        { name: 'ok', pattern: 'B\\d' },
        { name: '9lives', pattern: 'C\\d' },
        { name: 'openai-key', pattern: 'D\\d' },
      ],
    });
    expect(issues.map((issue) => issue.path)).toEqual([
      'guardrails.pii.detectors.1',
      'guardrails.pii.custom.1.pattern',
      'guardrails.pii.custom.2.name',
      'guardrails.pii.custom.3.name',
      'guardrails.pii.custom.4.name',
      'guardrails.pii.custom.5.name',
    ]);
    expect(issues[0]!.message).toContain('unknown detector "creditcard"');
    expect(issues[1]!.message).toMatch(/^invalid regular expression: /);
  });

  it('throws a ConfigError from compileDetectors for an invalid section', () => {
    expect(() => compileDetectors({ custom: [{ name: 'broken', pattern: '(' }] })).toThrow(ConfigError);
  });

  it('compiles a section once and reuses it', () => {
    const settings = { detectors: ['email'] };
    expect(compileDetectors(settings)).toBe(compileDetectors(settings));
  });
});

describe('custom pattern safety', () => {
  it.each(['(a+)+$', '(\\w*)*x', '(?:\\d+\\s?)+!', '((ab)+c)*', '(x{2,})+'])('refuses nested unbounded quantifiers: %s', (pattern) => {
    expect(hasNestedUnboundedQuantifier(pattern)).toBe(true);
    expect(compileCustomPattern({ name: 'bad', pattern })).toMatchObject({ field: 'pattern', error: expect.stringContaining('nested unbounded') });
  });

  // Each is read, never run: the static check must refuse it before the probe would (patterns
  // chosen so that even a probe run would fail fast on the probe's text).
  it.each(['^(a|ab)*c', '(\\r\\n|\\r|\\n)+x', '(?:x|xy)+z', '^(?:EMP|E)+-'])('refuses alternatives that start alike under an unbounded repeat: %s', (pattern) => {
    expect(hasOverlappingAlternation(pattern)).toBe(true);
    expect(compileCustomPattern({ name: 'bad', pattern })).toMatchObject({ field: 'pattern', error: expect.stringContaining('can take exponential time') });
  });

  it('reads a (?i) pattern with both cases as one', () => {
    expect(hasOverlappingAlternation('^(?:e|E)+-', 'i')).toBe(true);
    expect(compileCustomPattern({ name: 'bad', pattern: '(?i)^(?:e|E)+-' })).toMatchObject({ field: 'pattern', error: expect.stringContaining('make the branches start differently') });
  });

  it.each(['EMP-\\d{6}', '(\\d{3}-){2}\\d{4}', '(?:ab|cd)+', '[(+)]+', '\\(a+\\)+', '(?<id>[A-Z]{2})-\\d+', '(ab?)+', '(?:[^"\\\\]|\\\\.)+', '(?:EMP|emp)-\\d+'])('accepts %s', (pattern) => {
    expect(hasNestedUnboundedQuantifier(pattern)).toBe(false);
    expect(hasOverlappingAlternation(pattern)).toBe(false);
    expect(compileCustomPattern({ name: 'good', pattern })).toHaveProperty('detector');
  });

  it('refuses a pattern that can match empty text', () => {
    expect(compileCustomPattern({ name: 'empty', pattern: '\\d*' })).toMatchObject({ error: expect.stringContaining('empty text') });
  });

  it('refuses a pattern that is quadratic on a long line', () => {
    expect(compileCustomPattern({ name: 'slow', pattern: '.*ZZZ' })).toMatchObject({ error: expect.stringContaining('too slow') });
  });
});
