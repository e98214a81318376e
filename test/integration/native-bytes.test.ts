/**
 * A native call goes upstream as the client wrote it, with only `model` (and what the gateway
 * must add) changed: no re-serialising, so integers past 2^53, `1.0` and key order survive.
 */
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { standardConfig, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ config: (fakes) => standardConfig(fakes, '  tuned: { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini, params: { temperature: 0 } } ] }\n') });
});
afterAll(() => h.close());
beforeEach(() => {
  h.openai.reset();
  h.anthropic.reset();
});

async function post(path: string, text: string): Promise<number> {
  const res = await request(`${h.gateway.url}${path}`, { method: 'POST', headers: { authorization: 'Bearer sk-sb-test-key', 'content-type': 'application/json', 'anthropic-version': '2023-06-01' }, body: text });
  await res.body.text();
  return res.statusCode;
}

describe('native pass-through keeps the client’s bytes', () => {
  it('OpenAI: only the model changes', async () => {
    const sent = '{ "messages": [{"role":"user","content":"hi"}],\n  "model": "gpt", "logit_bias": {"1734": -100}, "temperature": 1.0, "top_p": 1.00 }';
    expect(await post('/v1/chat/completions', sent)).toBe(200);
    expect(h.openai.requests.at(-1)?.text).toBe(sent.replace('"gpt"', '"gpt-4o-mini"'));
  });

  it('Anthropic: a tool input holding a 64-bit id reaches the provider digit for digit', async () => {
    const sent =
      '{"model":"claude","max_tokens":50,"messages":[{"role":"user","content":"post it"},' +
      '{"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"post","input":{"channel":1234567890123456789}}]},' +
      '{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"done"}]}],' +
      '"tools":[{"name":"post","input_schema":{"type":"object"}}]}';
    expect(await post('/v1/messages', sent)).toBe(200);
    const forwarded = h.anthropic.requests.at(-1)?.text ?? '';
    expect(forwarded).toContain('"channel":1234567890123456789');
    expect(forwarded).toBe(sent.replace('"claude"', '"claude-sonnet-4-5"'));
  });

  it('what the gateway adds is added in place: usage for a stream, a target’s params', async () => {
    const streamed = '{"model":"gpt","stream":true,"messages":[{"role":"user","content":"hi"}]}';
    expect(await post('/v1/chat/completions', streamed)).toBe(200);
    expect(h.openai.requests.at(-1)?.text).toBe('{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"hi"}],"stream_options":{"include_usage":true}}');

    const tuned = '{"model":"tuned","temperature":0.7,"messages":[{"role":"user","content":"hi"}]}';
    expect(await post('/v1/chat/completions', tuned)).toBe(200);
    expect(h.openai.requests.at(-1)?.text).toBe('{"model":"gpt-4o-mini","temperature":0,"messages":[{"role":"user","content":"hi"}]}');
  });
});
