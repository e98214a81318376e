import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load';
import { toYaml } from './emit';
import { importLiteLLM } from './litellm';
import { NothingImportedError } from './types';

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

  it('turns content_policy_fallbacks into a chain that falls back on content-filter refusals too', () => {
    const imported = importLiteLLM(`
model_list:
  - { model_name: azure-gpt, litellm_params: { model: azure/prod-gpt4o, api_base: "https://x.openai.azure.com" } }
  - { model_name: claude, litellm_params: { model: anthropic/claude-sonnet-4-5 } }
router_settings:
  content_policy_fallbacks: [{ azure-gpt: [claude] }]
`);
    const parsed = parseConfig(toYaml(imported, 'x'));
    expect(parsed.routes['azure-gpt']).toMatchObject({
      strategy: 'fallback',
      fallbackOn: [408, 429, 500, 502, 503, 504, 529, 'content_filter'],
      targets: [{ provider: expect.any(String), model: 'prod-gpt4o' }, { provider: 'anthropic', model: 'claude-sonnet-4-5' }],
    });
    // The group it falls back to keeps the default triggers.
    expect(parsed.routes.claude?.fallbackOn).toBeUndefined();
    expect(imported.notes.map((note) => `${note.at}: ${note.message}`)).toContainEqual(expect.stringMatching(/^router_settings\.content_policy_fallbacks: merged into the fallback chains/));
  });

  it('writes a sub-second timeout with its unit, which the config needs to tell it from seconds', () => {
    const imported = importLiteLLM(`
model_list:
  - { model_name: fast, litellm_params: { model: openai/gpt-4o-mini, timeout: 0.5 } }
router_settings: { timeout: 30, stream_timeout: 0.25 }
`);
    const yaml = toYaml(imported, 'x');
    expect(yaml).toContain('timeoutMs: 500ms');
    expect(parseConfig(yaml).routes.fast).toMatchObject({ timeoutMs: 30_000, ttftTimeoutMs: 250, targets: [{ timeoutMs: 500 }] });
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

  it('refuses a config with nothing importable, with the notes that say why', () => {
    const refused = (() => {
      try {
        importLiteLLM('model_list:\n  - { model_name: m, litellm_params: { model: bedrock/claude } }\n');
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refused).toBeInstanceOf(NothingImportedError);
    expect((refused as NothingImportedError).notes).toContainEqual(expect.objectContaining({ at: 'model_list.0.litellm_params.model', message: expect.stringContaining('"bedrock"') }));
  });
});

/** Imports one YAML text and loads the result with the real config loader. */
function load(text: string) {
  const result = importLiteLLM(text);
  return { result, config: parseConfig(toYaml(result, 'x')), notes: result.notes.map((n) => `${n.at}: ${n.message}`) };
}

describe('importLiteLLM: pasted base URLs', () => {
  it('cuts an endpoint URL back to its API root', () => {
    const { config, notes } = load('model_list:\n  - { model_name: m, litellm_params: { model: openai/my-model, api_base: "https://api.example.com/v1/chat/completions", api_key: os.environ/EXAMPLE_KEY } }\n');
    expect(config.providers.openai).toEqual({ type: 'openai-compatible', baseUrl: 'https://api.example.com/v1', apiKey: 'env:EXAMPLE_KEY' });
    expect(notes).toContain('model_list.0.litellm_params.api_base: an endpoint URL: using its API root https://api.example.com/v1');
  });

  it('takes the resource root and api-version from a whole Azure deployment URL', () => {
    const { config } = load(
      'model_list:\n  - { model_name: m, litellm_params: { model: azure/dep, api_base: "https://x.openai.azure.com/openai/deployments/dep/chat/completions?api-version=2024-06-01" } }\n',
    );
    expect(config.providers.azure).toMatchObject({ type: 'azure', baseUrl: 'https://x.openai.azure.com', apiVersion: '2024-06-01' });
    expect(config.routes.m?.targets).toEqual([{ provider: 'azure', model: 'dep' }]);
  });

  it('prefers an explicit api_version to the one in the URL, and says so', () => {
    const { config, notes } = load('model_list:\n  - { model_name: m, litellm_params: { model: azure/dep, api_base: "https://x.openai.azure.com/?api-version=2024-06-01", api_version: "2024-10-21" } }\n');
    expect(config.providers.azure?.apiVersion).toBe('2024-10-21');
    expect(notes).toContain("model_list.0.litellm_params.api_version: used instead of the URL's api-version 2024-06-01");
  });

  it('never copies a user name and password from the URL', () => {
    const { result, config, notes } = load('model_list:\n  - { model_name: m, litellm_params: { model: hosted_vllm/llama, api_base: "http://user:s3cret-pw@10.0.0.5:8000/v1" } }\n');
    expect(config.providers.vllm?.baseUrl).toBe('http://10.0.0.5:8000/v1');
    expect(toYaml(result, 'x')).not.toContain('s3cret-pw');
    expect(notes).toContainEqual(expect.stringMatching(/^model_list\.0\.litellm_params\.api_base: the user name and password in the URL are not copied/));
  });

  it('skips a deployment whose api_base cannot be used, rather than sending it to the public API', () => {
    const { config, notes } = load('model_list:\n  - { model_name: local, litellm_params: { model: openai/llama, api_base: "ftp://box/v1" } }\n  - { model_name: m, litellm_params: { model: openai/gpt-4o } }\n');
    expect(config.routes.local).toBeUndefined();
    expect(notes).toContainEqual(expect.stringMatching(/^model_list\.0\.litellm_params\.api_base: not an http\(s\) URL: deployment skipped/));
  });
});

describe('importLiteLLM: os.environ/ references', () => {
  it('leaves out an api_version read from the environment instead of sending it as the version', () => {
    const { result, config, notes } = load('model_list:\n  - { model_name: m, litellm_params: { model: azure/dep, api_base: "https://x.openai.azure.com", api_version: os.environ/AZURE_API_VERSION } }\n');
    expect(config.providers.azure?.apiVersion).toBeUndefined();
    expect(JSON.stringify(result.config)).not.toContain('os.environ');
    expect(notes).toContainEqual(expect.stringMatching(/^model_list\.0\.litellm_params\.api_version: os\.environ\/AZURE_API_VERSION: Switchboard cannot read apiVersion from the environment/));
  });

  it('skips a deployment whose api_base is read from the environment: an openai/ one never goes to api.openai.com', () => {
    const { config, notes } = load(
      'model_list:\n  - { model_name: local, litellm_params: { model: openai/llama-3.1-8b, api_base: os.environ/LOCAL_LLM_BASE } }\n  - { model_name: m, litellm_params: { model: anthropic/claude-haiku-4-5 } }\n',
    );
    expect(config.routes.local).toBeUndefined();
    expect(Object.values(config.providers).map((p) => p.type)).toEqual(['anthropic']);
    expect(notes).toContainEqual(expect.stringMatching(/^model_list\.0\.litellm_params\.api_base: os\.environ\/LOCAL_LLM_BASE: .*deployment is skipped \(set api_base to the value of LOCAL_LLM_BASE/));
  });
});

describe('importLiteLLM: deployment settings', () => {
  const { config, notes } = load(`
model_list:
  - model_name: mini
    litellm_params:
      model: openai/gpt-4o-mini
      temperature: 0.2
      max_tokens: 1024
      seed: 7
      organization: org-123
      extra_headers: { X-Team: ml, Authorization: "Bearer sk-in-a-header", X-Env: os.environ/TEAM, Helicone-Auth: "Bearer helicone-in-a-header" }
      stream_timeout: 10
      vertex_project: p
      timeout: "30"
    model_info:
      id: dep-1
      mode: chat
      input_cost_per_token: 0.00000015
      output_cost_per_token: 0.0000006
      cache_read_input_token_cost: 0.000000075
      max_input_tokens: 128000
  - model_name: claude
    litellm_params: { model: anthropic/claude-sonnet-4-5, max_tokens: 4096, stop: END, seed: 1, thinking: { type: enabled, budget_tokens: 1024 } }
  - model_name: flash
    litellm_params: { model: gemini/gemini-2.5-flash, temperature: 0 }
  - model_name: images
    litellm_params: { model: openai/gpt-image-1 }
    model_info: { mode: image_generation }
`);

  it('forces sampling parameters onto the target, in the names its provider uses', () => {
    expect(config.routes.mini?.targets[0]).toMatchObject({ params: { temperature: 0.2, max_tokens: 1024, seed: 7 }, timeoutMs: 30_000 });
    expect(config.routes.claude?.targets[0]).toMatchObject({ params: { max_tokens: 4096, stop_sequences: ['END'], thinking: { type: 'enabled', budget_tokens: 1024 } } });
    expect(notes).toContain('model_list.1.litellm_params.seed: Anthropic has no such parameter: not mapped');
    // Gemini reads them from generationConfig, which params would replace whole.
    expect(config.routes.flash?.targets[0]).not.toHaveProperty('params');
    expect(notes).toContainEqual(expect.stringMatching(/^model_list\.2\.litellm_params\.temperature: not mapped for a Gemini target/));
  });

  it('turns LiteLLM costs per token into a price per million tokens', () => {
    expect(config.routes.mini?.targets[0]).toMatchObject({ price: { input: 0.15, output: 0.6, cachedInput: 0.075 } });
  });

  it('sends extra headers from the provider, never one that carries a key', () => {
    expect(config.providers.openai?.headers).toEqual({ 'X-Team': 'ml', 'X-Env': 'env:TEAM', 'OpenAI-Organization': 'org-123' });
    expect(notes).toContainEqual(expect.stringMatching(/^model_list\.0\.litellm_params\.extra_headers\.Authorization: carries a key: not copied/));
    expect(notes).toContainEqual(expect.stringMatching(/^model_list\.0\.litellm_params\.extra_headers\.Helicone-Auth: carries a secret: not copied \(store it in the keychain and write Helicone-Auth: "credential:NAME"/));
    expect(JSON.stringify(config)).not.toContain('sk-in-a-header');
    expect(JSON.stringify(config)).not.toContain('helicone-in-a-header');
  });

  it('notes every other key instead of dropping it unseen', () => {
    expect(notes).toContain('model_list.0.litellm_params.stream_timeout: not mapped (no per-deployment equivalent: set ttftTimeoutMs on the route)');
    expect(notes).toContain('model_list.0.litellm_params.vertex_project: not mapped');
    expect(notes).toContain('model_list.0.model_info.max_input_tokens: not mapped (Switchboard reads context windows from its price table)');
    expect(notes).toContainEqual(expect.stringMatching(/^model_list\.3\.model_info\.mode: "image_generation": Switchboard serves chat and embeddings only/));
    // …while what was carried over, and LiteLLM's own deployment id, raise none.
    expect(notes.filter((n) => /^model_list\.0\.(model_info\.(id|mode|input_cost)|litellm_params\.(temperature|timeout|extra_headers\.X-Team))/.test(n))).toEqual([]);
  });
});

describe('importLiteLLM: whatever else the file holds', () => {
  it('lists unknown sections, entry keys and fallback entries', () => {
    const { notes } = load('model_list:\n  - { model_name: m, litellm_params: { model: openai/gpt-4o }, tags: [a] }\nfiles: [x]\nrouter_settings:\n  fallbacks: [m]\n');
    expect(notes).toEqual(expect.arrayContaining(['model_list.0.tags: not mapped', 'files: not mapped', 'router_settings.fallbacks.0: expected a map like { gpt-4o: [claude] }: skipped']));
  });
});

describe('importLiteLLM: keys', () => {
  it('sends no OpenAI key to an openai/ deployment on another server that sets no api_key', () => {
    const { config, notes } = load('model_list:\n  - { model_name: m, litellm_params: { model: openai/llama, api_base: "http://gpu:8000/v1" } }\n');
    expect(config.providers.openai).toEqual({ type: 'openai-compatible', baseUrl: 'http://gpu:8000/v1' });
    expect(notes).toContainEqual(expect.stringMatching(/^model_list\.0\.litellm_params\.api_key: unset: LiteLLM would send OPENAI_API_KEY to http:\/\/gpu:8000\/v1; Switchboard sends no key/));
  });

  it('keeps the key a deployment on another server names', () => {
    const { config } = load('model_list:\n  - { model_name: m, litellm_params: { model: openai/llama, api_base: "http://gpu:8000/v1", api_key: os.environ/GPU_KEY } }\n');
    expect(config.providers.openai?.apiKey).toBe('env:GPU_KEY');
  });
});

describe('importLiteLLM: names and numbers', () => {
  it('reads a numeric model_name and a timeout written as text', () => {
    const { config } = load('model_list:\n  - { model_name: 4, litellm_params: { model: openai/gpt-4o, timeout: "30" } }\n');
    expect(config.routes['4']?.targets).toEqual([{ provider: 'openai', model: 'gpt-4o', timeoutMs: 30_000 }]);
  });

  it('reads custom_llm_provider as the provider prefix', () => {
    const { config } = load('model_list:\n  - { model_name: m, litellm_params: { model: llama-3.3-70b-versatile, custom_llm_provider: groq } }\n');
    expect(config.routes.m?.targets).toEqual([{ provider: 'groq', model: 'llama-3.3-70b-versatile' }]);
  });

  it('says rpm/tpm are no weights under a strategy that uses none', () => {
    const { notes } = load('model_list:\n  - { model_name: m, litellm_params: { model: openai/gpt-4o, rpm: 10 } }\nrouter_settings: { routing_strategy: latency-based-routing }\n');
    expect(notes).toContain('model_list.0: rpm/tpm limits are not imported (Switchboard limits apply per route or key); and lowest-latency uses no weights');
  });

  it('turns "/" into "-" in model_group_alias names and the groups they name', () => {
    const { config, notes } = load('model_list:\n  - { model_name: team/gpt, litellm_params: { model: openai/gpt-4o } }\nrouter_settings:\n  model_group_alias: { "gpt/4": "team/gpt" }\n');
    expect(config.routes['gpt-4']).toMatchObject({ targets: [{ route: 'team-gpt' }] });
    expect(notes).toContain('router_settings.model_group_alias.gpt/4: route names cannot hold "/": clients call "gpt-4"');
  });
});

describe('importLiteLLM: Azure Entra ID tokens', () => {
  it('maps azure_ad_token to an auth: bearer provider whose key is the token, and a service principal to auth: entra', () => {
    const { config, notes } = load(
      'model_list:\n' +
        '  - { model_name: m, litellm_params: { model: azure/dep, api_base: "https://x.openai.azure.com", azure_ad_token: os.environ/AZURE_AD_TOKEN } }\n' +
        '  - { model_name: sp, litellm_params: { model: azure/dep, api_base: "https://y.openai.azure.com", tenant_id: t-1, client_id: c-1, client_secret: os.environ/SECRET } }\n' +
        '  - { model_name: env-ids, litellm_params: { model: azure/dep, api_base: "https://z.openai.azure.com", tenant_id: os.environ/TENANT, client_id: c, client_secret: os.environ/SECRET } }\n',
    );
    expect(config.providers.azure).toEqual({ type: 'azure', baseUrl: 'https://x.openai.azure.com', auth: 'bearer', apiKey: 'env:AZURE_AD_TOKEN' });
    expect(config.providers['azure-2']).toEqual({ type: 'azure', baseUrl: 'https://y.openai.azure.com', auth: 'entra', entra: { tenantId: 't-1', clientId: 'c-1' }, apiKey: 'env:SECRET' });
    expect(config.providers['azure-3']).toMatchObject({ type: 'azure', apiKey: 'env:AZURE_API_KEY' });
    expect(notes).toContainEqual('model_list.2.litellm_params.client_secret: write tenant_id and client_id themselves (Switchboard reads them from the config only): the service principal is not mapped');
  });

  it('keeps the api_key when a deployment sets both, and an OIDC exchange is not mapped', () => {
    const { config, notes } = load(
      'model_list:\n' +
        '  - { model_name: m, litellm_params: { model: azure/dep, api_base: "https://x.openai.azure.com", api_key: os.environ/AZ_KEY, azure_ad_token: os.environ/AZ_TOKEN } }\n' +
        '  - { model_name: o, litellm_params: { model: azure/dep, api_base: "https://y.openai.azure.com", azure_ad_token: "oidc/google/https://example.com" } }\n',
    );
    expect(config.providers.azure).toEqual({ type: 'azure', baseUrl: 'https://x.openai.azure.com', apiKey: 'env:AZ_KEY' });
    expect(config.providers['azure-2']?.auth).toBeUndefined();
    expect(notes).toContainEqual(expect.stringMatching(/^model_list\.0\.litellm_params\.azure_ad_token: not mapped: the deployment sends its api_key/));
    expect(notes).toContainEqual(expect.stringMatching(/^model_list\.1\.litellm_params\.azure_ad_token: an OIDC token exchange has no Switchboard equivalent/));
  });
  it('turns wildcard model names into wildcard routes that send on the name asked for; provider/* is pass-through already', () => {
    const { config, notes } = load(
      'model_list:\n' +
        '  - { model_name: "claude-*", litellm_params: { model: "anthropic/*", api_key: os.environ/ANTHROPIC_API_KEY } }\n' +
        '  - { model_name: "anthropic/*", litellm_params: { model: "anthropic/*", api_key: os.environ/ANTHROPIC_API_KEY } }\n' +
        '  - { model_name: "*", litellm_params: { model: "openai/*", api_key: os.environ/OPENAI_API_KEY } }\n' +
        '  - { model_name: "fo-*", litellm_params: { model: "openai/fo::*:static::*", api_key: os.environ/OPENAI_API_KEY } }\n',
    );
    expect(config.routes['claude-*']).toMatchObject({ strategy: 'single', targets: [{ provider: 'anthropic', model: '*' }] });
    expect(config.routes['*']).toMatchObject({ targets: [{ provider: 'openai', model: '*' }] });
    expect(Object.keys(config.routes)).toEqual(['claude-*', '*']);
    expect(notes).toContainEqual(expect.stringMatching(/^model_list\.1\.model_name: provider\/\* wildcards are not imported: provider\/model pass-through/));
    expect(notes).toContainEqual(expect.stringMatching(/^model_list\.3\.litellm_params\.model: "fo::\*:static::\*" is a partial wildcard/));
  });

  it("turns LiteLLM's prometheus callback into server.metrics, and names the callbacks it does not carry over", () => {
    const model = 'model_list:\n  - { model_name: gpt, litellm_params: { model: openai/gpt-4o-mini, api_key: os.environ/OPENAI_API_KEY } }\n';
    const on = load(`${model}litellm_settings:\n  callbacks: ["prometheus"]\n  success_callback: ["langfuse"]\n`);
    expect(on.config.server?.metrics).toBe(true);
    expect(on.notes).toContainEqual(expect.stringMatching(/^litellm_settings\.success_callback: "langfuse" not mapped: Switchboard logs every call itself/));
    expect(on.notes.some((note) => note.includes('callbacks: "prometheus"'))).toBe(false);
    expect(load(model).config.server.metrics).toBe(false);
  });
});
