import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load';
import { toYaml } from './emit';
import { importPortkey, MODEL_PLACEHOLDER } from './portkey';
import { translateQuery } from './portkey-query';

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
  });
});
