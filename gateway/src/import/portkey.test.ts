import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load';
import { toYaml } from './emit';
import { importPortkey, MODEL_PLACEHOLDER } from './portkey';
import { translateQuery } from './portkey-query';
import { NothingImportedError } from './types';

const fixture = readFileSync(new URL('./fixtures/portkey-config.json', import.meta.url), 'utf8');

describe('importPortkey', () => {
  const result = importPortkey(fixture, { route: 'assistant' });
  const config = parseConfig(toYaml(result, 'test'));
  const notes = result.notes.map((n) => `${n.at}: ${n.message}`);

  it('mirrors the strategy tree in one route named for the clients', () => {
    expect(config.routes.assistant).toMatchObject({
      strategy: 'fallback',
      fallbackOn: [429, 503],
      retry: { attempts: 3, on: [429] },
      timeoutMs: 10_000,
      targets: [
        {
          strategy: 'loadbalance',
          targets: [
            { provider: 'openai', model: 'gpt-4o-mini', weight: 0.7 },
            { provider: 'azure', model: 'gpt4o-dep', weight: 0.3 },
          ],
        },
        {
          strategy: 'conditional',
          rules: [
            { when: { 'metadata.user_plan': 'paid' }, target: { provider: 'anthropic', model: 'claude-sonnet-4-5', params: { temperature: 0.2 } } },
            { when: { or: [{ 'metadata.env': 'dev' }, { 'metadata.score': { lt: 3 } }] }, route: 'assistant-cheap' },
          ],
          default: 'assistant-cheap',
        },
      ],
    });
    expect(config.routes['assistant-cheap']).toMatchObject({ strategy: 'single', retry: { attempts: 2 }, targets: [{ provider: 'gemini', model: 'gemini-2.5-flash' }] });
    expect(config.providers.azure).toMatchObject({ type: 'azure', baseUrl: 'https://myres.openai.azure.com', apiVersion: '2024-10-21' });
  });

  it('reports a file that is not JSON by position, never quoting it (it may hold a key)', () => {
    const secret = 'pk-live-0123456789abcdef0123';
    const text = `{"provider": "openai", "api_key": "${secret}" oops}`;
    expect(() => importPortkey(text)).toThrow(/^not a Portkey config: the file is not JSON \(at position \d+\)$/);
  });

  it('copies no key and reports rules it cannot express', () => {
    expect(JSON.stringify(result.config)).not.toContain('sk-xxx');
    expect(notes).toContainEqual(expect.stringMatching(/^config\.targets\.1\.strategy\.conditions\.2\.query: "params\.model": only metadata/));
    expect(notes).toContain('config.cache: not mapped');
  });

  it('writes a placeholder model where Portkey would use the client’s, and says so', () => {
    const imported = importPortkey(JSON.stringify({ provider: 'openai', virtual_key: 'oa' }));
    expect(parseConfig(toYaml(imported, 'x')).routes.portkey).toMatchObject({ strategy: 'single', targets: [{ provider: 'openai', model: MODEL_PLACEHOLDER }] });
    expect(imported.notes.some((n) => n.message.includes(MODEL_PLACEHOLDER))).toBe(true);
  });

  it('writes a sub-second request_timeout with its unit, which the config needs to tell it from seconds', () => {
    const imported = importPortkey(JSON.stringify({ provider: 'openai', virtual_key: 'oa', request_timeout: 500, override_params: { model: 'gpt-4o-mini' } }));
    expect(parseConfig(toYaml(imported, 'x')).routes.portkey).toMatchObject({ targets: [{ timeoutMs: 500 }] });
  });

  it('inherits override_params down the tree and drops weight-0 targets', () => {
    const imported = importPortkey(
      JSON.stringify({
        strategy: { mode: 'loadbalance' },
        override_params: { model: 'gpt-4o-mini', max_tokens: 100 },
        targets: [
          { provider: 'openai', api_key: 'a', weight: 2 },
          { provider: 'groq', api_key: 'b', weight: 0 },
          { provider: 'ollama', custom_host: 'http://localhost:11434', override_params: { model: 'llama3.2' } },
        ],
      }),
    );
    const route = parseConfig(toYaml(imported, 'x')).routes.portkey;
    expect(route?.targets).toEqual([
      { provider: 'openai', model: 'gpt-4o-mini', params: { max_tokens: 100 }, weight: 2 },
      { provider: 'ollama', model: 'llama3.2', params: { max_tokens: 100 } },
    ]);
  });
});

/** Imports one Portkey config (given as an object) and loads the result with the real config loader. */
function load(config: unknown) {
  const result = importPortkey(JSON.stringify(config), { route: 'p' });
  return { result, config: parseConfig(toYaml(result, 'x')), notes: result.notes.map((n) => `${n.at}: ${n.message}`) };
}

describe('importPortkey: entries that cannot be imported as written', () => {
  it('cuts a custom_host endpoint URL back to its API root', () => {
    const { config, notes } = load({ provider: 'openai', custom_host: 'http://localhost:8000/v1/chat/completions', override_params: { model: 'x' } });
    expect(config.providers.openai).toEqual({ type: 'openai-compatible', baseUrl: 'http://localhost:8000/v1' });
    expect(notes).toContain('config.custom_host: an endpoint URL: using its API root http://localhost:8000/v1');
  });

  it('skips a target whose custom_host cannot be used, rather than sending it to the public API', () => {
    const { config, notes } = load({
      strategy: { mode: 'fallback', on_status_codes: [429] },
      targets: [
        { provider: 'openai', api_key: 'sk-a', custom_host: 'not a url', override_params: { model: 'x' } },
        { provider: 'anthropic', api_key: 'sk-b', override_params: { model: 'claude-haiku-4-5' } },
      ],
    });
    expect(config.routes.p?.targets).toEqual([{ provider: 'anthropic', model: 'claude-haiku-4-5' }]);
    expect(notes).toContain('config.targets.0.custom_host: not an http(s) URL: target skipped');
  });

  it('leaves out a rule whose $regex JavaScript cannot compile, as Portkey never matches it', () => {
    const { config, notes } = load({
      strategy: { mode: 'conditional', conditions: [{ query: { 'metadata.user': { $regex: '(?i)^admin' } }, then: 'a' }, { query: { 'metadata.user': { $regex: '^ops' } }, then: 'a' }], default: 'b' },
      targets: [
        { name: 'a', provider: 'openai', api_key: 'sk-1', override_params: { model: 'gpt-4o' } },
        { name: 'b', provider: 'openai', api_key: 'sk-1', override_params: { model: 'gpt-4o-mini' } },
      ],
    });
    expect(config.routes.p).toMatchObject({ strategy: 'conditional', rules: [{ when: { 'metadata.user': { matches: '^ops' } } }] });
    expect(notes).toContain('config.strategy.conditions.0.query: "metadata.user.$regex" is not a JavaScript regular expression (Portkey never matches it either): rule left out');
  });

  it('leaves out a strategy whose targets were all skipped, and keeps the rest', () => {
    const { config, notes } = load({
      strategy: { mode: 'fallback', on_status_codes: [429] },
      targets: [
        { strategy: { mode: 'loadbalance' }, targets: [{ provider: 'bedrock' }, { virtual_key: 'vk' }] },
        { provider: 'openai', api_key: 'sk-1', override_params: { model: 'gpt-4o' } },
      ],
    });
    expect(config.routes.p?.targets).toEqual([{ provider: 'openai', model: 'gpt-4o' }]);
    expect(notes).toContain('config.targets.0.targets: no target could be imported: this loadbalance is left out');
  });

  it('leaves out a nested conditional with no importable branch', () => {
    const { config, notes } = load({
      strategy: { mode: 'fallback', on_status_codes: [429] },
      targets: [
        { strategy: { mode: 'conditional', conditions: [{ query: { 'metadata.a': 'x' }, then: 'v' }], default: 'v' }, targets: [{ name: 'v', provider: 'vertex-ai' }] },
        { provider: 'openai', api_key: 'sk-1', override_params: { model: 'gpt-4o' } },
      ],
    });
    expect(config.routes.p?.targets).toEqual([{ provider: 'openai', model: 'gpt-4o' }]);
    expect(notes).toContain('config.targets.0.targets: no target could be imported: this conditional is left out');
  });

  it('refuses a config with nothing importable, with the notes that say why', () => {
    const text = JSON.stringify({ strategy: { mode: 'loadbalance' }, targets: [{ provider: 'bedrock' }] });
    expect(() => importPortkey(text)).toThrow(NothingImportedError);
    expect(() => importPortkey(text)).toThrow('nothing in this Portkey config could be imported');
    try {
      importPortkey(text);
    } catch (error) {
      expect((error as NothingImportedError).notes.map((n) => n.at)).toContain('config.targets.0.provider');
    }
  });
});

describe('importPortkey: Model Catalog providers', () => {
  it('names the provider after its @slug, typed from the model, its key in the keychain', () => {
    const { config, notes } = load({
      strategy: { mode: 'loadbalance' },
      targets: [
        { provider: '@openai-prod', override_params: { model: 'gpt-4o' } },
        { override_params: { model: '@anthropic-prod/claude-sonnet-4-5' } },
      ],
    });
    expect(config.providers).toEqual({ 'openai-prod': { type: 'openai', credential: 'openai-prod' }, 'anthropic-prod': { type: 'anthropic', credential: 'anthropic-prod' } });
    expect(config.routes.p?.targets).toEqual([
      { provider: 'openai-prod', model: 'gpt-4o' },
      { provider: 'anthropic-prod', model: 'claude-sonnet-4-5' },
    ]);
    expect(notes).toContainEqual(expect.stringMatching(/^config\.targets\.0\.provider: "@openai-prod" is a Portkey Model Catalog provider: imported as type openai, told from the model "gpt-4o"/));
  });

  it('skips a catalog provider whose type the model does not tell, and says what to add', () => {
    const { notes } = load({
      strategy: { mode: 'fallback', on_status_codes: [429] },
      targets: [{ override_params: { model: '@private/llama-3' } }, { provider: 'openai', api_key: 'sk-1', override_params: { model: 'gpt-4o' } }],
    });
    expect(notes).toContainEqual(expect.stringMatching(/^config\.targets\.0\.override_params\.model: "@private" is a Portkey Model Catalog provider, .*target skipped \(add a provider "private" with its type/));
  });
});

describe('importPortkey: camelCase keys', () => {
  it('reads camelCase keys as Portkey does', () => {
    const { config, notes } = load({
      strategy: { mode: 'fallback', onStatusCodes: [429] },
      requestTimeout: 5000,
      targets: [
        { provider: 'openai', virtualKey: 'openai-vk', overrideParams: { model: 'gpt-4o', max_tokens: 10 }, retry: { attempts: 2, onStatusCodes: [503] } },
        { provider: 'openai', apiKey: 'sk-x', customHost: 'http://gpu:8000/v1', overrideParams: { model: 'llama' } },
      ],
    });
    expect(config.routes.p).toMatchObject({
      strategy: 'fallback',
      fallbackOn: [429],
      timeoutMs: 5000,
      targets: [
        { strategy: 'single', retry: { attempts: 2, on: [503] }, targets: [{ provider: 'openai', model: 'gpt-4o', params: { max_tokens: 10 } }] },
        { provider: 'openai-2', model: 'llama' },
      ],
    });
    expect(config.providers['openai-2']).toMatchObject({ type: 'openai-compatible', baseUrl: 'http://gpu:8000/v1', credential: 'openai-2' });
    expect(notes.filter((n) => n.endsWith('not mapped'))).toEqual([]);
  });

  it('uses the snake_case key when both are written, and notes unknown strategy keys', () => {
    const { config, notes } = load({ strategy: { mode: 'fallback', on_status_codes: [500], onStatusCodes: [429], sticky: true }, targets: [{ provider: 'openai', api_key: 'sk-1', override_params: { model: 'gpt-4o' } }] });
    expect(config.routes.p?.fallbackOn).toEqual([500]);
    expect(notes).toContain('config.strategy.onStatusCodes: also written as on_status_codes, which is used: ignored');
    expect(notes).toContain('config.strategy.sticky: not mapped');
  });
});

describe('importPortkey: override_params', () => {
  it('renames parameters for Anthropic and leaves out what a provider has no field for', () => {
    const { config, notes } = load({
      strategy: { mode: 'fallback', on_status_codes: [429] },
      override_params: { temperature: 0.1, stop: 'END', frequency_penalty: 1 },
      targets: [
        { provider: 'anthropic', api_key: 'a', override_params: { model: 'claude-haiku-4-5' } },
        { provider: 'google', api_key: 'g', override_params: { model: 'gemini-2.5-flash' } },
      ],
    });
    expect(config.routes.p?.targets).toEqual([
      { provider: 'anthropic', model: 'claude-haiku-4-5', params: { temperature: 0.1, stop_sequences: ['END'] } },
      { provider: 'gemini', model: 'gemini-2.5-flash' },
    ]);
    expect(notes).toContain('config.targets.0.override_params.frequency_penalty: Anthropic has no such parameter: not mapped');
    expect(notes).toContainEqual(expect.stringMatching(/^config\.targets\.1\.override_params\.temperature: not mapped for a Gemini target/));
  });
});

describe('translateQuery', () => {
  it.each([
    [{ 'metadata.a': 'x' }, { 'metadata.a': 'x' }],
    [{ 'metadata.a': { $ne: 'x' } }, { not: { 'metadata.a': 'x' } }],
    [{ 'metadata.a': { $in: ['x', 'y'] } }, { 'metadata.a': { in: ['x', 'y'] } }],
    [{ 'metadata.a': { $nin: ['x'] } }, { not: { 'metadata.a': { in: ['x'] } } }],
    [{ 'metadata.a': { $regex: '^x' } }, { 'metadata.a': { matches: '^x' } }],
    [{ 'metadata.n': { $gt: 1, $lte: '5' } }, { and: [{ 'metadata.n': { gt: 1 } }, { 'metadata.n': { lte: 5 } }] }],
    [{ $and: [{ 'metadata.a': 'x' }, { $or: [{ 'metadata.b': 'y' }] }] }, { and: [{ 'metadata.a': 'x' }, { or: [{ 'metadata.b': 'y' }] }] }],
  ])('%j → %j', (query, when) => {
    expect(translateQuery(query)).toEqual({ ok: true, when });
  });

  it('refuses what Switchboard rules cannot test', () => {
    expect(translateQuery({ 'params.temperature': { $gt: 0.7 } })).toMatchObject({ ok: false });
    expect(translateQuery({ 'metadata.tags': { $length: 2 } })).toMatchObject({ ok: false, reason: expect.stringContaining('$length') });
    expect(translateQuery({ 'metadata.user': { $regex: '(?i)^admin' } })).toMatchObject({ ok: false, reason: expect.stringContaining('not a JavaScript regular expression') });
  });
});
