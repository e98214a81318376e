import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../canonical/types';
import { makeRequest } from './cache.fixture';
import { embeddedText, semanticEligible, semanticGuard, semanticSettings } from './semantic-policy';

const on = { scope: 'key' as const, semantic: true };
const tool = { name: 'lookup', parameters: { type: 'object' } };
const ask = (text: string): ChatRequest['messages'][number] => ({ role: 'user', content: [{ type: 'text', text }] });

describe('semanticSettings', () => {
  it('is off unless the route opts in, and fills defaults', () => {
    expect(semanticSettings(undefined, 0.92)).toBeUndefined();
    expect(semanticSettings({ scope: 'key' }, 0.92)).toBeUndefined();
    expect(semanticSettings({ scope: 'key', semantic: false }, 0.92)).toBeUndefined();
    expect(semanticSettings(on, 0.92)).toEqual({ threshold: 0.92, allowTools: false, maxTemperature: 0.5 });
    expect(semanticSettings({ scope: 'key', semantic: { threshold: 0.8, allowTools: true, maxTemperature: 1 } }, 0.92)).toEqual({ threshold: 0.8, allowTools: true, maxTemperature: 1 });
  });
});

describe('semanticEligible', () => {
  it('accepts a plain text question on an opted-in route', () => {
    expect(semanticEligible(makeRequest(), on)).toBe(true);
    expect(semanticEligible(makeRequest(), { scope: 'key' })).toBe(false);
  });

  it('skips requests with tools unless the route allows them', () => {
    expect(semanticEligible(makeRequest({ tools: [tool] }), on)).toBe(false);
    expect(semanticEligible(makeRequest({ tools: [tool] }), { scope: 'key', semantic: { allowTools: true } })).toBe(true);
  });

  it('skips a temperature above the limit (0.5 by default); an absent temperature is fine', () => {
    expect(semanticEligible(makeRequest({ temperature: 0.5 }), on)).toBe(true);
    expect(semanticEligible(makeRequest({ temperature: 0.9 }), on)).toBe(false);
    expect(semanticEligible(makeRequest({ temperature: 0.9 }), { scope: 'key', semantic: { maxTemperature: 1 } })).toBe(true);
  });

  it('needs the last message to be user text', () => {
    expect(semanticEligible(makeRequest({ messages: [ask('hi'), { role: 'assistant', content: [{ type: 'text', text: 'hello' }] }] }), on)).toBe(false);
    expect(semanticEligible(makeRequest({ messages: [{ role: 'user', content: [{ type: 'image', source: { kind: 'url', url: 'https://x/y.png' } }] }] }), on)).toBe(false);
    expect(semanticEligible(makeRequest({ messages: [ask('   ')] }), on)).toBe(false);
    expect(semanticEligible(makeRequest({ messages: [ask('x'.repeat(9000))] }), on)).toBe(false);
  });
});

describe('embeddedText', () => {
  it('is the text of the last user message only', () => {
    const request = makeRequest({ messages: [ask('earlier question'), { role: 'assistant', content: [{ type: 'text', text: 'answer' }] }, { role: 'user', content: [{ type: 'text', text: 'part one' }, { type: 'text', text: 'part two' }] }] });
    expect(embeddedText(request)).toBe('part one\npart two');
  });
});

describe('semanticGuard', () => {
  const guard = (request: ChatRequest, overrides: { scope?: string; namespace?: string; embeddingRoute?: string } = {}): string =>
    semanticGuard({ request, scope: 'key:k1', embeddingRoute: 'embed', ...overrides });

  it('ignores the embedded text, so paraphrases share a guard', () => {
    expect(guard(makeRequest({ messages: [ask("What's our refund policy?")] }))).toBe(guard(makeRequest({ messages: [ask('What is your refund policy?')] })));
  });

  it('changes with the system prompt, alias, history, parameters, scope, namespace and embedding route', () => {
    const base = guard(makeRequest());
    expect(guard(makeRequest({ system: [{ type: 'text', text: 'You are a pirate.' }] }))).not.toBe(base);
    expect(guard(makeRequest({ model: 'cheap' }))).not.toBe(base);
    expect(guard(makeRequest({ messages: [ask('earlier'), { role: 'assistant', content: [{ type: 'text', text: 'ok' }] }, ask("What's our refund policy?")] }))).not.toBe(base);
    expect(guard(makeRequest({ maxTokens: 10 }))).not.toBe(base);
    expect(guard(makeRequest(), { scope: 'key:k2' })).not.toBe(base);
    expect(guard(makeRequest(), { namespace: 'n' })).not.toBe(base);
    expect(guard(makeRequest(), { embeddingRoute: 'ollama-embed' })).not.toBe(base);
  });
});
