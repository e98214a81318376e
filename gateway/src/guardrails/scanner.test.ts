import { describe, expect, it } from 'vitest';
import { compileDetectors } from './policy';

const found = (text: string, custom?: Array<{ name: string; pattern: string }>): Array<[string, string]> =>
  compileDetectors(custom ? { custom } : undefined)
    .find(text)
    .map((match) => [match.kind.type, text.slice(match.start, match.end)]);

const anthropicKey = `sk-ant-api03-${'Ab3dEf6hIj9kLm2nOp5q'.repeat(5)}`;

describe('overlapping candidates', () => {
  it('keeps the longest match among those starting at the same place', () => {
    // The phone number alone would also match, from the same first character.
    expect(found('text 415-555-2671@sms.example.com now')).toEqual([['email', '415-555-2671@sms.example.com']]);
  });

  it('breaks a tie in length by priority: the specific key before the generic one', () => {
    expect(found(`key ${anthropicKey}`)).toEqual([['anthropic_key', anthropicKey]]);
  });

  it('lets a custom pattern win a tie with a builtin', () => {
    expect(found('ref 4242 4242 4242 4242', [{ name: 'test-card', pattern: '4242 4242 4242 4242' }])).toEqual([['test-card', '4242 4242 4242 4242']]);
  });

  it('keeps the match that starts first when a later one overlaps it', () => {
    expect(found('REF-4242 4242 4242 4242', [{ name: 'ref', pattern: 'REF-4242' }])).toEqual([['ref', 'REF-4242']]);
  });

  it('reports adjacent values separately, in text order', () => {
    expect(found('a@example.com,b@example.org;10.1.2.3')).toEqual([
      ['email', 'a@example.com'],
      ['email', 'b@example.org'],
      ['ip', '10.1.2.3'],
    ]);
  });

  it('finds a value right after a rejected look-alike', () => {
    expect(found('4111 1111 1111 1112 then 4111 1111 1111 1111')).toEqual([['card', '4111 1111 1111 1111']]);
  });
});
