import { describe, expect, it } from 'vitest';
import type { ChatRequest, ContentPart, TextPart } from '../canonical/types';
import { cacheKey, canonicalJson, keyMaterial, nativeExtras, sha256, uncacheableReason } from './cache-key';
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

describe('canonicalJson edge cases', () => {
  it('writes what JSON.stringify writes for odd values, escapes odd keys, and sorts big objects', () => {
    const odd = { b: [1, undefined, () => 1, Symbol('s'), NaN, -Infinity, -0, 'x\u2028y\ud800'], a: { é: true, É: false, B: null, a: new Date(0) }, f: () => 1, s: Symbol('t') };
    expect(canonicalJson(odd)).toBe('{"a":{"B":null,"a":{},"É":false,"é":true},"b":[1,null,null,null,null,null,0,"x\u2028y\\ud800"]}');
    expect(canonicalJson({ 'a"b': 1, 'c\\d': 2, 'e\nf': 3, $g: 4, 'h.i-j': 5 })).toBe(JSON.stringify({ $g: 4, 'a"b': 1, 'c\\d': 2, 'e\nf': 3, 'h.i-j': 5 }));
    const big = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${(i * 7) % 40}`, i]));
    const sorted = Object.fromEntries(Object.entries(big).sort(([a], [b]) => (a < b ? -1 : 1)));
    expect(canonicalJson(big)).toBe(JSON.stringify(sorted));
  });
});

describe('cacheKey', () => {
  it('is the digest of the canonical JSON of the key material, for every shape of request', () => {
    const text = (value: string): TextPart => ({ type: 'text', text: value });
    const requests: ChatRequest[] = [
      base,
      makeRequest({}),
      makeRequest({ system: [], messages: [] }),
      makeRequest({ system: [text('a'), text('b "quoted"\n')], stop: [], tools: [] }),
      makeRequest({
        messages: [
          { role: 'user', name: 'ada', content: [text('¿qué? \u2028'), { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AAAA' } }] },
          { role: 'assistant', content: [{ type: 'thinking', text: 'hm', signature: 's' } as ContentPart, { type: 'tool-call', id: 'c1', name: 'f', arguments: '{}', cacheControl: { type: 'ephemeral' } }] },
          { role: 'user', content: [{ type: 'tool-result', toolCallId: 'c1', content: [text('ok')], isError: true }] },
        ],
        stop: ['x', 'y'],
        seed: 0,
        temperature: 0,
        topP: 1,
        topK: 3,
        maxTokens: 1,
        frequencyPenalty: Number.NaN,
        presencePenalty: -0,
        parallelToolCalls: true,
        toolChoice: { type: 'auto' },
        responseFormat: { type: 'json_object' },
        thinking: { budgetTokens: 5, effort: 'high' } as ChatRequest['thinking'],
        tools: [{ name: 'f', parameters: { b: 1, a: [{ d: 1, c: 2 }] }, cacheControl: { type: 'ephemeral' } }],
      }),
    ];
    for (const request of requests) {
      for (const [scope, namespace, extras, targets] of [
        ['global', undefined, undefined, undefined],
        ['key:k', 'ns', { z: 1, a: { y: [2, 1] } }, 'anthropic/claude-haiku-4-5\nopenai/gpt-4o-mini {"temperature":0}'],
      ] as const) {
        const expected = sha256(canonicalJson({ extras, namespace, request: keyMaterial(request), scope, targets, v: 1 }));
        expect(cacheKey({ request, scope, namespace, extras, targets })).toBe(expected);
      }
    }
  });

  it('gives the keys earlier versions gave, so stored entries stay reachable', () => {
    // Digests produced by the first implementation; a change here is a silent cache flush.
    const minimal: ChatRequest = { model: 'm', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], stream: false, streamUsage: false };
    expect(key(minimal)).toBe('4adc69354bdde32b950b1fdde131a961687ad2fdcbdfdc5703108700fe41016c');
    const full: ChatRequest = {
      model: 'workhorse',
      system: [{ type: 'text', text: 'You are the support bot of Acme.' }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Wie hoch ist die Rückerstattung? 🙂' }, { type: 'image', source: { type: 'url', url: 'https://x.test/a.png' }, detail: 'low' }] },
        { role: 'assistant', content: [{ type: 'tool-call', id: 'call_1', name: 'lookup', arguments: '{"id":"A-1"}' }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_1', name: 'lookup', isError: false, content: [{ type: 'text', text: 'refund: 30 days' }] }] },
      ],
      tools: [{ name: 'lookup', description: 'Find an order', parameters: { type: 'object', properties: { id: { type: 'string' }, 'x-é"q': { enum: [1, -0, 2.5e-7, 1e21] } }, required: ['id'] }, strict: true }],
      toolChoice: { type: 'tool', name: 'lookup' },
      parallelToolCalls: false,
      maxTokens: 256,
      temperature: 0.2,
      topP: 0.9,
      topK: 40,
      stop: ['END'],
      seed: 7,
      frequencyPenalty: 0.1,
      presencePenalty: -0.1,
      responseFormat: { type: 'json_schema', name: 'answer', schema: { type: 'object', properties: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`p${19 - i}`, { type: 'string' }])) } },
      thinking: { budgetTokens: 1024 },
      stream: true,
      streamUsage: true,
      user: 'u1',
    } as ChatRequest;
    const extras = { reasoning_effort: 'high', 'header:anthropic-beta': 'x,y', logit_bias: { '50256': -100 } };
    expect(key(full, 'user:alice/end-user:b%20c', 'run-7', extras)).toBe('1fc9d0e3f984176b4ee937a258ab6bc556c06bb9d138ec71dccc601c7decd2ff');
  });

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

  it("keeps a native Responses call's answer only when OpenAI keeps nothing of it, and never a background run's", () => {
    expect(uncacheableReason('openai-responses', { store: false }, true)).toBeUndefined();
    expect(uncacheableReason('openai-responses', {}, true)).toBe('store');
    // Queued, not an answer: and kept for polling even with store: false.
    expect(uncacheableReason('openai-responses', { store: false, background: true }, true)).toBe('background');
  });
});
