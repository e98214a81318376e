import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load';
import { piiModeFor } from './route-pii-mode';

const config = parseConfig(`
providers:
  openai: { type: openai, apiKey: env:K }
  local: { type: openai-compatible, baseUrl: "http://127.0.0.1:11434/v1" }
routes:
  plain: { strategy: single, targets: [ { provider: local, model: llama } ] }
  secure: { strategy: single, guardrails: { pii: block }, targets: [ { provider: openai, model: gpt-4o } ] }
  scrubbed: { strategy: single, guardrails: { pii: redact }, targets: [ { provider: openai, model: gpt-4o-mini } ] }
  smart:
    strategy: conditional
    rules: [ { when: { metadata.tier: pro }, route: scrubbed } ]
    default: plain
  chain: { strategy: fallback, targets: [ { provider: local, model: llama }, { route: smart } ] }
  inline:
    strategy: fallback
    guardrails: { pii: restore }
    targets:
      - { provider: local, model: llama }
      - { strategy: single, guardrails: { pii: block }, targets: [ { provider: openai, model: gpt-4o } ] }
  gentle: { strategy: fallback, guardrails: { pii: restore }, targets: [ { route: plain } ] }
`);

describe('piiModeFor', () => {
  it("is a route's own mode when nothing it reaches asks for more", () => {
    expect(piiModeFor(config, 'plain')).toBe('off');
    expect(piiModeFor(config, 'scrubbed')).toBe('redact');
    expect(piiModeFor(config, 'gentle')).toBe('restore');
  });

  it('takes the strictest mode of every route reachable through rules, defaults and references', () => {
    expect(piiModeFor(config, 'smart')).toBe('redact');
    expect(piiModeFor(config, 'chain')).toBe('redact');
  });

  it('counts inline routes', () => {
    expect(piiModeFor(config, 'inline')).toBe('block');
  });

  it('is off for a name that is not a route (provider/model pass-through)', () => {
    expect(piiModeFor(config, 'openai/gpt-4o')).toBe('off');
  });

  it("is a wildcard route's for every name it takes, so no dated model name gets past its guardrail", () => {
    const wild = parseConfig(`
providers:
  anthropic: { type: anthropic, apiKey: env:K }
routes:
  claude-*: { strategy: single, guardrails: { pii: redact }, targets: [ { provider: anthropic, model: "*" } ] }
`);
    expect(piiModeFor(wild, 'claude-sonnet-4-5-20250929')).toBe('redact');
    expect(piiModeFor(wild, 'claude-haiku-4-5')).toBe('redact');
    expect(piiModeFor(wild, 'anthropic/claude-haiku-4-5')).toBe('off');
    expect(piiModeFor(wild, 'gpt-4o')).toBe('off');
  });
});
