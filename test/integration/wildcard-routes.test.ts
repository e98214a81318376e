/**
 * Wildcard routes: Claude Code asks for dated model names (`claude-sonnet-4-5-20250929`, a haiku
 * for its background calls) that no one writes a route for; `claude-*` takes them all, and a
 * target's model `*` sends on the name asked for.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { providersYaml, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
let anthropic: Anthropic;

beforeAll(async () => {
  h = await startHarness({
    config: (fakes) => `
${providersYaml(fakes)}routes:
  claude-*: { strategy: single, guardrails: { pii: redact }, targets: [ { provider: anthropic, model: "*" } ] }
  "*":      { strategy: fallback, targets: [ { provider: openai, model: "*" }, { provider: openai, model: gpt-4o-mini } ] }
  fixed:    { strategy: single, targets: [ { provider: anthropic, model: claude-haiku-4-5 } ] }
`,
  });
  anthropic = new Anthropic({ baseURL: h.gateway.url, apiKey: 'sk-sb-test-key', maxRetries: 0 });
});
afterAll(() => h.close());
beforeEach(() => h.resetFakes());

const lastModelAt = (fake: Harness['anthropic'] | Harness['openai']): unknown => (fake.requests.at(-1)?.body as { model?: unknown } | undefined)?.model;

describe('a wildcard route', () => {
  it("takes Claude Code's dated model names and sends each on as asked, under its guardrail, logged under the route", async () => {
    for (const model of ['claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001']) {
      const { data, response } = await anthropic.messages.create({ model, max_tokens: 50, messages: [{ role: 'user', content: 'Mail me at jane.doe@example.com' }] }).withResponse();
      expect(data.type).toBe('message');
      expect(response.headers.get('x-switchboard-route')).toBe('claude-*');
      expect(lastModelAt(h.anthropic)).toBe(model);
    }
    // The route's PII guardrail scrubbed what went to Anthropic.
    expect(JSON.stringify(h.anthropic.requests.at(-1)?.body)).not.toContain('jane.doe@example.com');
    await h.gateway.logs.flush();
    const [row] = (await h.gateway.logs.query({ limit: 1 })).rows;
    expect(row).toMatchObject({ alias: 'claude-haiku-4-5-20251001', route: 'claude-*', provider: 'anthropic', model: 'claude-haiku-4-5-20251001', status: 200 });
    expect(row?.costUsd).toBeGreaterThan(0);
  });

  it('leaves exact routes and provider/model to themselves, and catches every other name with "*"', async () => {
    await anthropic.messages.create({ model: 'fixed', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
    expect(lastModelAt(h.anthropic)).toBe('claude-haiku-4-5');
    await anthropic.messages.create({ model: 'anthropic/claude-opus-4-1', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
    expect(lastModelAt(h.anthropic)).toBe('claude-opus-4-1');
    const openai = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: 'sk-sb-test-key', maxRetries: 0 });
    const { response } = await openai.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(response.headers.get('x-switchboard-route')).toBe('*');
    expect(lastModelAt(h.openai)).toBe('gpt-4.1');
  });

  it('falls back like any route when the model asked for fails', async () => {
    h.openai.enqueue({ kind: 'error', status: 404 });
    const openai = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: 'sk-sb-test-key', maxRetries: 0 });
    // 404 is not a fallback trigger by default: the caller hears the provider's answer.
    await expect(openai.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'hi' }] })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    h.openai.enqueue({ kind: 'error', status: 503 }, { kind: 'reply', text: 'from the fallback' });
    const answer = await openai.chat.completions.create({ model: 'flaky-model', messages: [{ role: 'user', content: 'hi' }] });
    expect(answer.choices[0]?.message.content).toBe('from the fallback');
    expect(h.openai.requests.map((r) => (r.body as { model: string }).model).slice(-2)).toEqual(['flaky-model', 'gpt-4o-mini']);
  });

  it('is not listed as a model, yet any name it takes can be looked up, for the keys that may use it', async () => {
    const ids: string[] = [];
    for await (const model of anthropic.models.list()) ids.push(model.id);
    expect(ids).toContain('fixed');
    expect(ids.filter((id) => id.includes('*'))).toEqual([]);
    expect(await anthropic.models.retrieve('claude-opus-4-1-20250805')).toMatchObject({ type: 'model', id: 'claude-opus-4-1-20250805' });

    const only = (allowedRoutes: string[]) => new Anthropic({ baseURL: h.gateway.url, apiKey: h.gateway.keys.create({ name: `k-${allowedRoutes.join('-')}`, allowedRoutes }).plaintext, maxRetries: 0 });
    const claudeOnly = only(['claude-*']);
    expect((await claudeOnly.messages.create({ model: 'claude-opus-4-1-20250805', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] })).type).toBe('message');
    expect(await claudeOnly.models.retrieve('claude-opus-4-1-20250805')).toMatchObject({ id: 'claude-opus-4-1-20250805' });
    const fixedOnly = only(['fixed']);
    await expect(fixedOnly.messages.create({ model: 'claude-opus-4-1-20250805', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] })).rejects.toBeInstanceOf(Anthropic.PermissionDeniedError);
    await expect(fixedOnly.models.retrieve('claude-opus-4-1-20250805')).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    // A key that lists the name itself may call it, so it can look it up too.
    const nameOnly = only(['claude-opus-4-1-20250805']);
    expect((await nameOnly.messages.create({ model: 'claude-opus-4-1-20250805', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] })).type).toBe('message');
    expect(await nameOnly.models.retrieve('claude-opus-4-1-20250805')).toMatchObject({ id: 'claude-opus-4-1-20250805' });
    await expect(nameOnly.models.retrieve('claude-haiku-4-5')).rejects.toBeInstanceOf(Anthropic.NotFoundError);
  });
});
