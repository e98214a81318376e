import { describe, expect, it } from 'vitest';
import { SKIP_SIGNATURE_VALIDATOR } from './contents';
import { unsignedCallFixes } from './native-signatures';

const call = (name: string) => ({ functionCall: { name, args: {} } });
const answer = (name: string) => ({ role: 'user', parts: [{ functionResponse: { name, response: { output: 'ok' } } }] });

describe('unsignedCallFixes', () => {
  const contents = [
    { role: 'user', parts: [{ text: 'list and read' }] },
    // Gemini's own step, signed.
    { role: 'model', parts: [{ ...call('ls'), thoughtSignature: 'c2lnbmVk' }] },
    answer('ls'),
    // A step Claude made after a fallback: two calls, neither signed.
    { role: 'model', parts: [{ text: 'Reading both.' }, call('read'), call('read')] },
    answer('read'),
  ];

  it("gives a Gemini 3 model step's first unsigned call the documented skip value, leaving the rest as sent", () => {
    const fixed = unsignedCallFixes({ contents }, 'gemini-3-pro-preview')?.contents as typeof contents;
    expect(fixed[3]).toEqual({ role: 'model', parts: [{ text: 'Reading both.' }, { ...call('read'), thoughtSignature: SKIP_SIGNATURE_VALIDATOR }, call('read')] });
    for (const i of [0, 1, 2, 4]) expect(fixed[i]).toBe(contents[i]);
  });

  it('changes nothing for a conversation Gemini signed, or for models before Gemini 3', () => {
    expect(unsignedCallFixes({ contents: contents.slice(0, 3) }, 'gemini-3-pro-preview')).toBeUndefined();
    expect(unsignedCallFixes({ contents }, 'gemini-2.5-pro')).toBeUndefined();
  });

  it('reads the snake_case spelling too', () => {
    const snake = [{ role: 'user', parts: [{ text: 'go' }] }, { role: 'model', parts: [{ function_call: { name: 'ls', args: {} } }] }];
    const fixed = unsignedCallFixes({ contents: snake }, 'gemini-3-flash')?.contents as Array<{ parts: unknown[] }>;
    expect(fixed[1]?.parts[0]).toEqual({ functionCall: { name: 'ls', args: {} }, thoughtSignature: SKIP_SIGNATURE_VALIDATOR });
  });
});
