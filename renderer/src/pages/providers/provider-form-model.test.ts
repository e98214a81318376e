import { describe, expect, it } from 'vitest';
import type { ProviderPresetDto } from '../../api/contract';
import { checkProviderForm, CUSTOM_PRESET_ID, presetChoices, providerConfigFor, suggestName } from './provider-form-model';

const groq: ProviderPresetDto = { id: 'groq', label: 'Groq', type: 'openai-compatible', baseUrl: 'https://api.groq.com/openai/v1', requiresKey: true, models: ['llama-3.3-70b-versatile'] };
const ollama: ProviderPresetDto = { id: 'ollama', label: 'Ollama', type: 'openai-compatible', baseUrl: 'http://127.0.0.1:11434/v1', requiresKey: false, models: [] };
const choices = presetChoices([groq, ollama]);
const byId = (id: string) => choices.find((p) => p.id === id)!;

describe('add-provider form', () => {
  it('offers the native types, the gateway’s presets and a custom server', () => {
    expect(choices.map((p) => p.id)).toEqual(['openai', 'anthropic', 'gemini', 'azure', 'groq', 'ollama', CUSTOM_PRESET_ID]);
  });

  it('writes a preset provider with its key as a credential of the same name', () => {
    expect(providerConfigFor(groq, { presetId: 'groq', name: 'groq', baseUrl: groq.baseUrl, hasKey: true })).toEqual({ type: 'openai-compatible', preset: 'groq', credential: 'groq' });
  });

  it('writes a base URL only when it differs from the preset’s', () => {
    expect(providerConfigFor(ollama, { presetId: 'ollama', name: 'gpu', baseUrl: 'http://gpu:11434/v1/', hasKey: false })).toEqual({ type: 'openai-compatible', preset: 'ollama', baseUrl: 'http://gpu:11434/v1' });
  });

  it('writes native and custom providers', () => {
    expect(providerConfigFor(byId('anthropic'), { presetId: 'anthropic', name: 'anthropic', baseUrl: 'https://api.anthropic.com', hasKey: true })).toEqual({ type: 'anthropic', credential: 'anthropic' });
    expect(providerConfigFor(byId('azure'), { presetId: 'azure', name: 'az', baseUrl: 'https://acme.openai.azure.com', hasKey: true })).toEqual({ type: 'azure', baseUrl: 'https://acme.openai.azure.com', credential: 'az' });
    expect(providerConfigFor(byId(CUSTOM_PRESET_ID), { presetId: CUSTOM_PRESET_ID, name: 'box', baseUrl: 'http://10.0.0.7:8080/v1', hasKey: false })).toEqual({ type: 'openai-compatible', baseUrl: 'http://10.0.0.7:8080/v1' });
  });

  it('suggests a free name', () => {
    expect(suggestName('openai', [])).toBe('openai');
    expect(suggestName('openai', ['openai', 'openai-2'])).toBe('openai-3');
  });

  it('checks name, URL and key before sending', () => {
    expect(checkProviderForm(groq, { presetId: 'groq', name: 'groq', baseUrl: '', hasKey: false }, ['groq'], true)).toEqual({
      name: 'A provider named "groq" exists already',
      key: 'This provider needs an API key',
    });
    expect(checkProviderForm(byId(CUSTOM_PRESET_ID), { presetId: CUSTOM_PRESET_ID, name: '-x', baseUrl: 'ftp://x', hasKey: false }, [], true)).toEqual({
      name: 'Use letters, digits, ".", "_" and "-", starting with a letter or digit',
      baseUrl: 'Must be an http(s) URL',
    });
    // With a read-only secret store (env), the key is set in the environment instead.
    expect(checkProviderForm(groq, { presetId: 'groq', name: 'g', baseUrl: '', hasKey: false }, [], false)).toEqual({});
  });
});
