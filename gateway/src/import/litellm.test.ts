import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load';
import { toYaml } from './emit';
import { importLiteLLM } from './litellm';

const fixture = readFileSync(new URL('./fixtures/litellm-config.yaml', import.meta.url), 'utf8');

describe('importLiteLLM', () => {
  const result = importLiteLLM(fixture);
  const config = parseConfig(toYaml(result, 'test'));
  const notes = result.notes.map((n) => `${n.at}: ${n.message}`);

  it('turns a model group into a weighted loadbalance route with its fallbacks behind it', () => {
    expect(config.routes['gpt-4o']).toMatchObject({
      strategy: 'fallback',
      targets: [
        {
          strategy: 'loadbalance',
          targets: [
            { provider: 'azure', model: 'gpt-4o-eastus', weight: 900 },
            { provider: 'openai', model: 'gpt-4o', weight: 100 },
          ],
        },
        { provider: 'anthropic', model: 'claude-sonnet-4-5' },
        { provider: 'gemini', model: 'gemini-2.5-pro' },
      ],
    });
  });

  it('maps router_settings onto every route', () => {
    for (const route of Object.values(config.routes)) {
      expect(route).toMatchObject({ retry: { attempts: 2 }, timeoutMs: 30_000, breaker: { failures: 4, cooldownMs: 60_000 } });
    }
  });

  it('maps providers from model prefixes, api_base and env references', () => {
    expect(config.providers.azure).toMatchObject({ type: 'azure', baseUrl: 'https://my-eastus.openai.azure.com', apiVersion: '2024-10-21', apiKey: 'env:AZURE_API_KEY_EU' });
    expect(config.providers.openai).toMatchObject({ type: 'openai', apiKey: 'env:OPENAI_API_KEY' });
    expect(config.providers.ollama).toMatchObject({ type: 'openai-compatible', preset: 'ollama', baseUrl: 'http://localhost:11434/v1' });
    // No api_key: LiteLLM reads GEMINI_API_KEY, and so does the import.
    expect(config.providers.gemini).toMatchObject({ type: 'gemini', apiKey: 'env:GEMINI_API_KEY' });
  });

  it('never copies a literal key, and says where it has to go', () => {
    expect(JSON.stringify(result.config)).not.toContain('sk-ant-literal-secret-123');
    expect(toYaml(result, 'x')).not.toContain('sk-1234');
    expect(config.providers.anthropic).toEqual({ type: 'anthropic', credential: 'anthropic' });
    expect(notes).toContainEqual(expect.stringMatching(/^model_list\.2\.litellm_params\.api_key: a literal API key \(not copied\)/));
  });

  it('lists what it could not map', () => {
    expect(notes).toContainEqual(expect.stringMatching(/^model_list\.5\.litellm_params\.model: provider "bedrock" has no Switchboard equivalent/));
    expect(notes).toContain('router_settings.redis_host: not mapped');
    expect(notes).toContain('litellm_settings.drop_params: not mapped');
    expect(notes).toContainEqual(expect.stringMatching(/^general_settings: not imported/));
    expect(config.routes.mystery).toBeUndefined();
  });

  it('maps the routing strategy, tiers by order, aliases and default fallbacks', () => {
    const imported = importLiteLLM(`
model_list:
  - { model_name: fast, litellm_params: { model: groq/llama-3.3-70b-versatile, order: 1 } }
  - { model_name: fast, litellm_params: { model: openai/gpt-4o-mini, order: 2 } }
  - { model_name: fast, litellm_params: { model: anthropic/claude-haiku-4-5, order: 2 } }
  - { model_name: backup, litellm_params: { model: gpt-4.1 } }
router_settings:
  routing_strategy: latency-based-routing
  default_fallbacks: [backup]
  model_group_alias: { quick: fast }
`);
    const parsed = parseConfig(toYaml(imported, 'x'));
    expect(parsed.routes.fast).toEqual(
      expect.objectContaining({
        strategy: 'fallback',
        targets: [
          {
            strategy: 'fallback',
            targets: [
              { provider: 'groq', model: 'llama-3.3-70b-versatile' },
              { strategy: 'lowest-latency', targets: [{ provider: 'openai', model: 'gpt-4o-mini' }, { provider: 'anthropic', model: 'claude-haiku-4-5' }] },
            ],
          },
          { provider: 'openai', model: 'gpt-4.1' },
        ],
      }),
    );
    expect(parsed.routes.backup?.strategy).toBe('single');
    expect(parsed.routes.quick).toMatchObject({ targets: [{ route: 'fast' }] });
  });

  it('refuses a file that is not a LiteLLM config', () => {
    expect(() => importLiteLLM('providers: {}')).toThrow(/expected a model_list/);
  });

  it('reports a YAML syntax error by position, never quoting the line (it may hold a key)', () => {
    const secret = 'sk-live-0123456789abcdef0123';
    const text = `model_list:\n  - model_name: gpt\n    litellm_params: { model: openai/gpt-4o, api_key: "${secret}" }\n      bad: [indent\n`;
    expect(() => importLiteLLM(text)).toThrow(/^not a LiteLLM config: YAML syntax: .+ \(line \d+, column \d+\)$/);
    expect(() => importLiteLLM(text)).not.toThrow(new RegExp(secret));
  });
});
