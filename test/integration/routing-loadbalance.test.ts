import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providersYaml, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
let client: OpenAI;

beforeAll(async () => {
  h = await startHarness({
    config: (fakes) => `
${providersYaml(fakes)}routes:
  balanced:
    strategy: loadbalance
    targets:
      - { provider: openai, model: gpt-4o-mini, weight: 3 }
      - { provider: anthropic, model: claude-haiku-4-5, weight: 1 }
`,
  });
  client = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: 'sk-sb-test-key', maxRetries: 0 });
});
afterAll(() => h.close());

describe('load balancing over HTTP', () => {
  // The 1,000-pick check with a seeded generator is in gateway/src/routing/strategies/strategies.test.ts.
  it('splits 200 requests by weight (3:1) within tolerance', async () => {
    const served: Record<string, number> = { openai: 0, anthropic: 0 };
    for (let batch = 0; batch < 10; batch++) {
      const responses = await Promise.all(
        Array.from({ length: 20 }, () => client.chat.completions.create({ model: 'balanced', messages: [{ role: 'user', content: 'hi' }], max_tokens: 5 }).withResponse()),
      );
      for (const { response } of responses) {
        const provider = response.headers.get('x-switchboard-provider') ?? '?';
        served[provider] = (served[provider] ?? 0) + 1;
      }
    }
    // Expected 150 / 50; the standard deviation of the openai count is about 6.
    expect(served.openai).toBeGreaterThan(125);
    expect(served.openai).toBeLessThan(175);
    expect((served.openai ?? 0) + (served.anthropic ?? 0)).toBe(200);
  });

  it('keeps the other target as a fallback when the picked one fails', async () => {
    h.openai.setDefault({ kind: 'error', status: 503 });
    h.anthropic.setDefault({ kind: 'error', status: 529, type: 'overloaded_error' });
    const results = await Promise.all(
      Array.from({ length: 8 }, () => client.chat.completions.create({ model: 'balanced', messages: [{ role: 'user', content: 'hi' }] }).withResponse().catch((e: unknown) => e)),
    );
    // Both fail: every request tried both targets.
    expect(results.every((r) => r instanceof OpenAI.APIError)).toBe(true);
    expect(h.openai.requests.length + h.anthropic.requests.length).toBeGreaterThanOrEqual(16);
    h.openai.setDefault({ kind: 'reply' });
    const ok = await Promise.all(Array.from({ length: 8 }, () => client.chat.completions.create({ model: 'balanced', messages: [{ role: 'user', content: 'hi' }] }).withResponse()));
    expect(ok.every(({ response }) => response.headers.get('x-switchboard-provider') === 'openai')).toBe(true);
  });
});
