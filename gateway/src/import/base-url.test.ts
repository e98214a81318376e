import { describe, expect, it } from 'vitest';
import { importBaseUrl } from './base-url';
import type { ImportNote } from './types';

const run = (value: unknown, type: Parameters<typeof importBaseUrl>[1], v1 = false) => {
  const notes: ImportNote[] = [];
  return { result: importBaseUrl(value, type, 'at', notes, v1 ? { v1: true } : {}), notes: notes.map((n) => n.message) };
};

describe('importBaseUrl', () => {
  it.each([
    ['https://api.example.com/v1/', 'openai-compatible', 'https://api.example.com/v1'],
    ['https://api.example.com/v1/chat/completions', 'openai-compatible', 'https://api.example.com/v1'],
    ['https://api.example.com/v1/embeddings', 'openai', 'https://api.example.com/v1'],
    ['https://api.anthropic.com/v1/messages', 'anthropic', 'https://api.anthropic.com'],
    ['https://api.anthropic.com/v1', 'anthropic', 'https://api.anthropic.com'],
    ['https://x.openai.azure.com/openai/deployments/dep/chat/completions', 'azure', 'https://x.openai.azure.com'],
    ['https://apim.example.com/llm/openai/v1/', 'azure', 'https://apim.example.com/llm'],
    ['https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent', 'gemini', 'https://generativelanguage.googleapis.com/v1beta'],
    ['https://api.groq.com/openai/v1', 'openai-compatible', 'https://api.groq.com/openai/v1'],
  ] as const)('%s (%s) → %s', (pasted, type, root) => {
    expect(run(pasted, type).result).toEqual({ ok: true, url: root });
  });

  it('adds /v1 to an Ollama root', () => {
    expect(run('http://localhost:11434', 'openai-compatible', true).result).toEqual({ ok: true, url: 'http://localhost:11434/v1' });
    expect(run('http://localhost:11434/v1/', 'openai-compatible', true).result).toEqual({ ok: true, url: 'http://localhost:11434/v1' });
    expect(run('http://localhost:11434/api/chat', 'openai-compatible', true).result).toEqual({ ok: true, url: 'http://localhost:11434/v1' });
  });

  it('moves an Azure api-version out of the query and drops any other query parameter, saying so', () => {
    const { result, notes } = run('https://x.openai.azure.com/?api-version=2024-06-01&foo=1', 'azure');
    expect(result).toEqual({ ok: true, url: 'https://x.openai.azure.com', apiVersion: '2024-06-01' });
    expect(notes).toEqual(['query parameters dropped (foo): a baseUrl takes none', 'api-version 2024-06-01 taken from the URL as apiVersion']);
  });

  it('drops a user name and password, never copying them', () => {
    const { result, notes } = run('http://user:pw@10.0.0.5:8000/v1', 'openai-compatible');
    expect(result).toEqual({ ok: true, url: 'http://10.0.0.5:8000/v1' });
    expect(notes.join()).not.toContain('pw@');
  });

  it.each([['os.environ/BASE'], ['ftp://host/v1'], [''], [42]])('refuses %j', (value) => {
    expect(run(value, 'openai-compatible').result).toMatchObject({ ok: false });
  });
});
