/**
 * Imported configs behave as their source says: a LiteLLM and a Portkey config, each with load
 * balancing and fallbacks, converted by `switchboard import` and served by a real gateway whose
 * providers point at the fakes.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toYaml } from '../../gateway/src/import/emit';
import { importLiteLLM } from '../../gateway/src/import/litellm';
import { importPortkey } from '../../gateway/src/import/portkey';
import { KEYS, startHarness } from './harness';
import type { Harness } from './harness';

type Fakes = Parameters<NonNullable<Parameters<typeof startHarness>[0]>['config'] & {}>[0];

const litellmConfig = (f: Fakes): string => `
model_list:
  - model_name: chat
    litellm_params: { model: openai/gpt-4o-mini, api_base: "${f.openai.url}/v1", api_key: os.environ/TEST_OPENAI_KEY, weight: 3 }
  - model_name: chat
    litellm_params: { model: anthropic/claude-haiku-4-5, api_base: "${f.anthropic.url}", api_key: os.environ/TEST_ANTHROPIC_KEY, weight: 1 }
  - model_name: backup
    litellm_params: { model: gemini/gemini-2.5-flash, api_base: "${f.gemini.url}/v1beta", api_key: os.environ/TEST_GEMINI_KEY }
router_settings:
  routing_strategy: simple-shuffle
  num_retries: 1
  fallbacks: [{ chat: [backup] }]
`;

const portkeyConfig = (f: Fakes): string =>
  JSON.stringify({
    strategy: { mode: 'fallback', on_status_codes: [503, 529] },
    targets: [
      {
        strategy: { mode: 'loadbalance' },
        targets: [
          { provider: 'openai', api_key: 'sk-portkey-literal', custom_host: `${f.openai.url}/v1`, weight: 0.75, override_params: { model: 'gpt-4o-mini' } },
          { provider: 'anthropic', api_key: 'sk-ant-literal', custom_host: f.anthropic.url, weight: 0.25, override_params: { model: 'claude-haiku-4-5' } },
        ],
      },
      { provider: 'google', virtual_key: 'gemini-vk', custom_host: `${f.gemini.url}/v1beta`, override_params: { model: 'gemini-2.5-flash' } },
    ],
  });

async function split(client: OpenAI, model: string, count: number): Promise<Record<string, number>> {
  const served: Record<string, number> = {};
  for (let batch = 0; batch < count / 20; batch++) {
    const responses = await Promise.all(Array.from({ length: 20 }, () => client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] }).withResponse()));
    for (const { response } of responses) {
      const provider = response.headers.get('x-switchboard-provider') ?? '?';
      served[provider] = (served[provider] ?? 0) + 1;
    }
  }
  return served;
}

describe.each([
  {
    source: 'LiteLLM',
    alias: 'chat',
    start: () =>
      startHarness({ config: (f) => toYaml(importLiteLLM(litellmConfig(f)), 'imported'), env: { TEST_OPENAI_KEY: KEYS.openai, TEST_ANTHROPIC_KEY: KEYS.anthropic } }),
  },
  {
    source: 'Portkey',
    alias: 'assistant',
    start: async () => {
      const h = await startHarness({ config: (f) => toYaml(importPortkey(portkeyConfig(f), { route: 'assistant' }), 'imported') });
      // The import points each provider at a keychain entry named after it; the harness has openai and anthropic.
      await h.secrets.set('gemini', KEYS.gemini);
      return h;
    },
  },
])('an imported $source config', ({ alias, start }) => {
  let h: Harness;
  let client: OpenAI;
  beforeAll(async () => {
    h = await start();
    client = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: 'sk-sb-test-key', maxRetries: 0 });
  });
  afterAll(() => h.close());

  it('balances 3:1 between its two deployments', async () => {
    const served = await split(client, alias, 100);
    // Expected 75 / 25; the standard deviation of the openai count is about 4.3.
    expect(served.openai).toBeGreaterThan(60);
    expect(served.openai).toBeLessThan(90);
    expect((served.openai ?? 0) + (served.anthropic ?? 0)).toBe(100);
  });

  it('falls back to the backup when both deployments fail', async () => {
    h.openai.setDefault({ kind: 'error', status: 503 });
    h.anthropic.setDefault({ kind: 'error', status: 529, type: 'overloaded_error' });
    try {
      const { data, response } = await client.chat.completions.create({ model: alias, messages: [{ role: 'user', content: 'anyone?' }] }).withResponse();
      expect(data.choices[0]?.message.content).toBe('echo: anyone?');
      expect(response.headers.get('x-switchboard-provider')).toBe('gemini');
    } finally {
      h.openai.reset();
      h.anthropic.reset();
    }
  });
});

describe('import details that change behaviour', () => {
  it('LiteLLM num_retries retries a deployment before moving on', async () => {
    const h = await startHarness({
      config: (f) => toYaml(importLiteLLM(litellmConfig(f).replace('weight: 1', 'weight: 0.000001')), 'imported'),
      env: { TEST_OPENAI_KEY: KEYS.openai, TEST_ANTHROPIC_KEY: KEYS.anthropic },
    });
    try {
      h.openai.enqueue({ kind: 'error', status: 503 });
      const client = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: 'sk-sb-test-key', maxRetries: 0 });
      const { response } = await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
      expect(response.headers.get('x-switchboard-provider')).toBe('openai');
      expect(h.openai.requests).toHaveLength(2);
    } finally {
      await h.close();
    }
  });
});
