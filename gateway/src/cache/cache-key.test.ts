import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../canonical/types';
import { cacheKey, canonicalJson, nativeExtras, uncacheableReason } from './cache-key';
import { makeRequest } from './cache.fixture';

const key = (request: ChatRequest, scope = 'global', namespace?: string, extras?: Record<string, unknown>): string =>
  cacheKey({ request, scope, namespace, extras });

const base = makeRequest({
  tools: [{ name: 'lookup', description: 'Find an order', parameters: { type: 'object', properties: { id: { type: 'string' } } } }],
  temperature: 0.2,
});

describe('canonicalJson', () => {
  it('sorts keys at every depth, so key order never matters', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('drops undefined members like JSON.stringify does', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe(JSON.stringify({ a: undefined, b: [undefined, 1] }));
  });
});

describe('cacheKey', () => {
  it('is a stable sha256 hex digest', () => {
    expect(key(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(key(base)).toBe(key(structuredClone(base)));
  });

  it('does not depend on the order of keys inside tool schemas or the request', () => {
    const reordered: ChatRequest = {
      ...base,
      tools: [{ parameters: { properties: { id: { type: 'string' } }, type: 'object' }, description: 'Find an order', name: 'lookup' }],
    };
    expect(key(reordered)).toBe(key(base));
    const shuffled = Object.fromEntries(Object.entries(base).reverse()) as unknown as ChatRequest;
    expect(key(shuffled)).toBe(key(base));
  });

  const changes: Array<[string, Partial<ChatRequest>]> = [
    ['model (alias)', { model: 'other' }],
    ['system', { system: [{ type: 'text', text: 'You are a pirate.' }] }],
    ['messages', { messages: [{ role: 'user', content: [{ type: 'text', text: 'What is your refund policy?' }] }] }],
    ['message name', { messages: [{ role: 'user', name: 'bob', content: [{ type: 'text', text: "What's our refund policy?" }] }] }],
    ['tools', { tools: [{ name: 'lookup', parameters: { type: 'object' } }] }],
    ['toolChoice', { toolChoice: { type: 'required' } }],
    ['parallelToolCalls', { parallelToolCalls: false }],
    ['temperature', { temperature: 0.3 }],
    ['topP', { topP: 0.9 }],
    ['topK', { topK: 40 }],
    ['maxTokens', { maxTokens: 100 }],
    ['stop', { stop: ['END'] }],
    ['seed', { seed: 7 }],
    ['frequencyPenalty', { frequencyPenalty: 0.5 }],
    ['presencePenalty', { presencePenalty: 0.5 }],
    ['responseFormat', { responseFormat: { type: 'json_object' } }],
    ['thinking', { thinking: { budgetTokens: 2048 } }],
  ];
  it.each(changes)('changes when %s changes', (_field, change) => {
    expect(key({ ...base, ...change })).not.toBe(key(base));
  });

  it('changes with the scope, the namespace and native extras', () => {
    expect(key(base, 'key:a')).not.toBe(key(base, 'key:b'));
    expect(key(base, 'global', 'run-1')).not.toBe(key(base, 'global'));
    expect(key(base, 'global', 'run-1')).not.toBe(key(base, 'global', 'run-2'));
    expect(key(base, 'global', undefined, { reasoning_effort: 'xhigh' })).not.toBe(key(base, 'global', undefined, { reasoning_effort: 'high' }));
  });

  it('ignores what does not change the answer: stream, streamUsage, user, metadata, prompt-cache markers', () => {
    const same: ChatRequest = {
      ...base,
      stream: true,
      streamUsage: true,
      user: 'alice',
      metadata: { trace: 'abc' },
      system: [{ type: 'text', text: 'You are the support bot of Acme.', cacheControl: { type: 'ephemeral' } }],
      tools: base.tools?.map((tool) => ({ ...tool, cacheControl: { type: 'ephemeral' as const } })),
    };
    expect(key(same)).toBe(key(base));
  });

  it('treats an empty stop or tools list as absent', () => {
    const { tools: _, ...noTools } = base;
    expect(key({ ...noTools, tools: [] })).toBe(key(noTools));
    expect(key({ ...base, stop: [] })).toBe(key(base));
  });
});

describe('nativeExtras', () => {
  it('keeps raw OpenAI fields the canonical request does not model, ignoring nulls and known fields', () => {
    const raw = { model: 'm', messages: [], temperature: 0.2, stream: true, user: 'u', n: null, logit_bias: { 50256: -100 }, reasoning_effort: 'xhigh' };
    expect(nativeExtras('openai', raw)).toEqual({ logit_bias: { 50256: -100 }, reasoning_effort: 'xhigh' });
    expect(nativeExtras('openai', { model: 'm', messages: [], stream_options: { include_usage: true } })).toBeUndefined();
  });

  it('keeps Anthropic thinking/output_config and the beta and version headers', () => {
    const raw = { model: 'm', max_tokens: 10, messages: [], thinking: { type: 'adaptive' }, metadata: { user_id: 'u' } };
    expect(nativeExtras('anthropic', raw, { 'anthropic-beta': 'context-1m-2025-08-07', 'anthropic-version': '2023-06-01' })).toEqual({
      thinking: { type: 'adaptive' },
      'header:anthropic-beta': 'context-1m-2025-08-07',
      'header:anthropic-version': '2023-06-01',
    });
  });
});

describe('uncacheableReason', () => {
  it('names what a canonical replay would lose', () => {
    expect(uncacheableReason('openai', { n: 2 })).toBe('n');
    expect(uncacheableReason('openai', { n: 1 })).toBeUndefined();
    expect(uncacheableReason('openai', { logprobs: true })).toBe('logprobs');
    expect(uncacheableReason('openai', { modalities: ['text', 'audio'] })).toBe('audio');
    expect(uncacheableReason('anthropic', { mcp_servers: [{ url: 'x' }] })).toBe('mcp_servers');
    expect(uncacheableReason('anthropic', { temperature: 0 })).toBeUndefined();
  });
});
