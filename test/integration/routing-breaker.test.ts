import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { providersYaml, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
let client: OpenAI;

beforeAll(async () => {
  h = await startHarness({
    config: (fakes) => `
${providersYaml(fakes)}routes:
  guarded:
    strategy: fallback
    breaker: { failures: 3, cooldownMs: 1s }
    targets:
      - { provider: anthropic, model: claude-haiku-4-5 }
      - { provider: openai, model: gpt-4o-mini }
`,
  });
  client = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: 'sk-sb-test-key', maxRetries: 0 });
});
afterAll(() => h.close());
beforeEach(() => {
  h.openai.reset();
  h.anthropic.reset();
});

const ask = () => client.chat.completions.create({ model: 'guarded', messages: [{ role: 'user', content: 'status?' }] }).withResponse();

describe('circuit breaker', () => {
  it('opens after N failures, skips its target, half-opens after the cooldown and closes on success', async () => {
    // Three 503s in a row: each request still succeeds through the fallback.
    h.anthropic.setDefault({ kind: 'error', status: 503, message: 'down' });
    for (let i = 0; i < 3; i++) {
      const { response } = await ask();
      expect(response.headers.get('x-switchboard-provider')).toBe('openai');
    }
    expect(h.anthropic.requests).toHaveLength(3);

    // Open: Anthropic is not called at all, and the log says why.
    const { response: skipped } = await ask();
    expect(skipped.headers.get('x-switchboard-provider')).toBe('openai');
    expect(h.anthropic.requests).toHaveLength(3);
    await h.gateway.logs.flush();
    const row = await h.gateway.logs.get(skipped.headers.get('x-switchboard-request-id') ?? '');
    expect(row?.attempts.map((a) => [a.provider, a.outcome, a.error ?? null])).toEqual([
      ['anthropic', 'skipped', 'circuit breaker open'],
      ['openai', 'ok', null],
    ]);

    // Anthropic recovers; after the cooldown one probe goes through and closes the breaker.
    h.anthropic.setDefault({ kind: 'reply' });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const { response: probe } = await ask();
    expect(probe.headers.get('x-switchboard-provider')).toBe('anthropic');
    const { response: after } = await ask();
    expect(after.headers.get('x-switchboard-provider')).toBe('anthropic');
    expect(h.anthropic.requests).toHaveLength(5);
  });

  it('does not open on client errors, which say nothing about the target’s health', async () => {
    h.anthropic.setDefault({ kind: 'error', status: 400, message: 'bad request' });
    for (let i = 0; i < 4; i++) await ask().catch(() => undefined);
    h.anthropic.setDefault({ kind: 'reply' });
    const { response } = await ask();
    expect(response.headers.get('x-switchboard-provider')).toBe('anthropic');
  });
});
