import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load';
import { ProviderRegistry } from '../providers/registry';
import { MemorySecretStore } from '../secrets/memory-secret-store';
import { Router } from '../routing/plan';
import type { Candidate } from '../routing/types';
import { requestParts } from './request-parts';

const CONFIG = `
providers:
  openai: { type: openai, apiKey: env:OPENAI_KEY, headers: { x-team: research } }
  gemini: { type: gemini, apiKey: env:GEMINI_KEY }
routes:
  chat: { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini } ] }
  flash: { strategy: single, targets: [ { provider: gemini, model: gemini-2.5-flash } ] }
`;

function candidates(): { chat: Candidate; flash: Candidate; registry: ProviderRegistry } {
  const config = parseConfig(CONFIG);
  const registry = new ProviderRegistry(new MemorySecretStore(), {});
  registry.apply(config);
  const router = new Router(() => config, registry);
  return { chat: router.plan('chat').candidates[0]!, flash: router.plan('flash').candidates[0]!, registry };
}

describe('requestParts', () => {
  it("builds the provider's URL and headers: content type, accept, configured headers and the key", () => {
    const { chat } = candidates();
    expect(requestParts(chat, 'sk-one', chat.provider.config.headers, false)).toEqual({
      key: 'sk-one',
      extra: { 'x-team': 'research' },
      url: 'https://api.openai.com/v1/chat/completions',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-team': 'research', authorization: 'Bearer sk-one' },
    });
    expect(requestParts(chat, 'sk-one', chat.provider.config.headers, true).headers.accept).toBe('text/event-stream');
  });

  it('builds them once per provider, model, stream flag and key', () => {
    const { chat, flash } = candidates();
    expect(requestParts(chat, 'sk-one', chat.provider.config.headers, false)).toBe(requestParts(chat, 'sk-one', chat.provider.config.headers, false));
    expect(requestParts(flash, 'g-key', flash.provider.config.headers, true).url).toMatch(/\/models\/gemini-2\.5-flash:streamGenerateContent\?alt=sse$/);
    expect(requestParts(flash, 'g-key', flash.provider.config.headers, false).url).toMatch(/\/models\/gemini-2\.5-flash:generateContent$/);
  });

  it('takes a changed key (a secret set from the UI) at once', () => {
    const { chat } = candidates();
    requestParts(chat, 'sk-old', chat.provider.config.headers, false);
    expect(requestParts(chat, 'sk-new', chat.provider.config.headers, false).headers.authorization).toBe('Bearer sk-new');
    expect(requestParts(chat, undefined, chat.provider.config.headers, false).headers).not.toHaveProperty('authorization');
  });

  it('takes newly resolved header secrets (a secret set from the UI) at once', () => {
    const { chat } = candidates();
    const before = requestParts(chat, 'sk-one', { 'x-team': 'research', 'Helicone-Auth': 'Bearer old' }, false);
    const after = requestParts(chat, 'sk-one', { 'x-team': 'research', 'Helicone-Auth': 'Bearer new' }, false);
    expect(after).not.toBe(before);
    expect(after.headers['Helicone-Auth']).toBe('Bearer new');
  });

  it("follows a reloaded provider's new config", () => {
    const { chat, registry } = candidates();
    requestParts(chat, 'sk-one', chat.provider.config.headers, false);
    registry.apply(parseConfig(CONFIG.replace('x-team: research', 'x-team: platform')));
    const reloaded: Candidate = { ...chat, provider: registry.get('openai')! };
    expect(requestParts(reloaded, 'sk-one', reloaded.provider.config.headers, false).headers['x-team']).toBe('platform');
  });
});
