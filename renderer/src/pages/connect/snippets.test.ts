import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildSnippets, KEY_PLACEHOLDER, sh } from './snippets';

const byId = (id: string, input = { baseUrl: 'http://127.0.0.1:4000/', key: 'sk-sb-abc', model: 'workhorse' }) => buildSnippets(input).find((s) => s.id === id)!.code;

describe('connect snippets', () => {
  it('covers every tool the Connect page promises', () => {
    expect(buildSnippets({ baseUrl: 'x', key: '', model: '' }).map((s) => s.id)).toEqual(['openai-python', 'openai-js', 'ai-sdk', 'anthropic', 'claude-code', 'gemini-cli', 'codex', 'cursor', 'continue', 'aider', 'langchain', 'curl']);
  });

  it('gives OpenAI-shaped clients the /v1 base URL and Anthropic-shaped ones the bare origin', () => {
    expect(byId('openai-python')).toContain('base_url="http://127.0.0.1:4000/v1"');
    expect(byId('openai-js')).toContain("baseURL: 'http://127.0.0.1:4000/v1'");
    expect(byId('anthropic')).toContain('base_url="http://127.0.0.1:4000"');
    expect(byId('claude-code')).toContain('export ANTHROPIC_BASE_URL=http://127.0.0.1:4000\n');
    expect(byId('claude-code')).toContain('export ANTHROPIC_AUTH_TOKEN=sk-sb-abc\n');
    expect(byId('gemini-cli')).toContain('export GOOGLE_GEMINI_BASE_URL=http://127.0.0.1:4000\nexport GEMINI_API_KEY=sk-sb-abc\n');
    expect(byId('aider')).toContain('aider --model openai/workhorse');
    expect(byId('continue')).toContain('apiBase: "http://127.0.0.1:4000/v1"');
    expect(byId('continue')).toContain('roles: [autocomplete]\n    useLegacyCompletionsEndpoint: true\n');
    expect(byId('ai-sdk')).toContain("createOpenAI({ baseURL: 'http://127.0.0.1:4000/v1', apiKey: 'sk-sb-abc' })");
    expect(byId('codex')).toContain('base_url = "http://127.0.0.1:4000/v1"\nenv_key = "SWITCHBOARD_API_KEY"\nwire_api = "responses"');
  });

  it('writes a Continue config whose chat and autocomplete models both reach the gateway', () => {
    const config = parse(byId('continue')) as { models: Array<{ apiBase: string; roles: string[]; useLegacyCompletionsEndpoint?: boolean }> };
    expect(config.models.map((m) => [m.apiBase, m.roles, m.useLegacyCompletionsEndpoint ?? false])).toEqual([
      ['http://127.0.0.1:4000/v1', ['chat', 'edit', 'apply'], false],
      ['http://127.0.0.1:4000/v1', ['autocomplete'], true],
    ]);
  });

  it('uses a placeholder until a key is given', () => {
    const code = byId('openai-python', { baseUrl: 'http://127.0.0.1:4000', key: ' ', model: 'workhorse' });
    expect(code).toContain(`api_key="${KEY_PLACEHOLDER}"`);
  });

  it('sends a valid JSON body from curl', () => {
    const code = byId('curl');
    const body = /-d '(.*)'\n$/.exec(code)?.[1];
    expect(JSON.parse(body ?? '')).toEqual({ model: 'workhorse', messages: [{ role: 'user', content: 'Hello!' }] });
    expect(code).toContain("-H 'Authorization: Bearer sk-sb-abc'");
  });

  it('quotes awkward route names for each language', () => {
    const input = { baseUrl: 'http://127.0.0.1:4000', key: 'k', model: `it's "fast"` };
    expect(byId('openai-python', input)).toContain(`model="it's \\"fast\\""`);
    expect(byId('openai-js', input)).toContain(`model: 'it\\'s "fast"'`);
    expect(sh(`it's`)).toBe(`'it'\\''s'`);
  });
});
