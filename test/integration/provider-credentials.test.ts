/**
 * A provider's own key (`credential: NAME`, `apiKey: env:VAR`) as a caller meets it: a key the
 * config names but that is not set fails the call in the caller's shape before anything is sent,
 * and a key pasted with a newline around it still works.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KEYS, providersYaml, sdkClients, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  h = await startHarness({
    env: { TEST_EMPTY_KEY: '' },
    config: (fakes) => `
${providersYaml(fakes)}  unstored: { type: openai, credential: not-stored-yet, baseUrl: ${fakes.openai.url}/v1 }
  rotating: { type: openai, credential: rotating, baseUrl: ${fakes.openai.url}/v1 }
  emptyenv: { type: anthropic, apiKey: env:TEST_EMPTY_KEY, baseUrl: ${fakes.anthropic.url} }
routes:
  unstored:   { strategy: single, targets: [ { provider: unstored, model: gpt-4o-mini } ] }
  unstored-embed: { strategy: single, targets: [ { provider: unstored, model: text-embedding-3-small } ] }
  rotating:   { strategy: single, targets: [ { provider: rotating, model: gpt-4o-mini } ] }
  emptyenv:   { strategy: single, targets: [ { provider: emptyenv, model: claude-sonnet-4-5 } ] }
  backed-up:
    strategy: fallback
    targets: [ { provider: unstored, model: gpt-4o-mini }, { provider: anthropic, model: claude-sonnet-4-5 } ]
`,
  });
  ({ openai, anthropic } = sdkClients(h));
});
afterAll(() => h.close());
beforeEach(() => h.resetFakes());

const hi = [{ role: 'user' as const, content: 'hi' }];

describe('a provider whose named key is not set', () => {
  it('fails an OpenAI call with 503 credential_unavailable naming the credential, and sends nothing', async () => {
    const error = await openai.chat.completions.create({ model: 'unstored', messages: hi }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error).toMatchObject({ status: 503, code: 'credential_unavailable' });
    expect((error as Error).message).toContain('No key is set for provider "unstored": no secret "not-stored-yet" is set in the memory store');
    const embedError = await openai.embeddings.create({ model: 'unstored-embed', input: 'hi' }).catch((caught: unknown) => caught);
    expect(embedError).toMatchObject({ status: 503, code: 'credential_unavailable' });
    expect(h.openai.requests).toHaveLength(0);
  });

  it('fails an Anthropic call in Anthropic’s shape when the env variable is empty, and sends nothing', async () => {
    const error = await anthropic.messages.create({ model: 'emptyenv', max_tokens: 16, messages: hi }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).status).toBe(503);
    expect((error as InstanceType<typeof Anthropic.APIError>).error).toEqual({
      type: 'error',
      error: { type: 'api_error', message: 'No key is set for provider "emptyenv": the environment variable TEST_EMPTY_KEY is not set' },
    });
    expect(h.anthropic.requests).toHaveLength(0);
  });

  it('falls back to the next target', async () => {
    const reply = await openai.chat.completions.create({ model: 'backed-up', messages: hi });
    expect(reply.choices[0]?.message.content).toBe('echo: hi');
    expect(h.openai.requests).toHaveLength(0);
  });

  it('uses the key at the next call once it is stored, without a restart', async () => {
    await expect(openai.chat.completions.create({ model: 'unstored', messages: hi })).rejects.toMatchObject({ status: 503 });
    // Stored straight into the store, as another tool writing the keychain would: no admin call tells the gateway.
    await h.secrets.set('not-stored-yet', KEYS.openai);
    try {
      const reply = await openai.chat.completions.create({ model: 'unstored', messages: hi });
      expect(reply.choices[0]?.message.content).toBe('echo: hi');
      expect(h.openai.requests[0]?.headers.authorization).toBe(`Bearer ${KEYS.openai}`);
    } finally {
      await h.secrets.delete('not-stored-yet');
    }
  });
});

describe('a key stored with the whitespace of a paste around it', () => {
  it('is stored and sent without it, whether set through the admin API or straight in the store', async () => {
    const res = await request(`${h.gateway.url}/admin/api/credentials/openai`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${h.gateway.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ value: ` ${KEYS.openai}\r\n` }),
    });
    expect(await res.body.json()).toEqual({ name: 'openai', backend: 'memory', lastFour: KEYS.openai.slice(-4) });
    expect(await h.secrets.get('openai')).toBe(KEYS.openai);
    await openai.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: hi });

    // As `echo KEY | secret-tool store …` leaves it in the keychain.
    await h.secrets.set('not-stored-yet', `${KEYS.openai}\n`);
    try {
      const reply = await openai.chat.completions.create({ model: 'unstored', messages: hi });
      expect(reply.choices[0]?.message.content).toBe('echo: hi');
      expect(h.openai.requests.map((received) => received.headers.authorization)).toEqual([`Bearer ${KEYS.openai}`, `Bearer ${KEYS.openai}`]);
    } finally {
      await h.secrets.delete('not-stored-yet');
    }
  });
});

describe('a key rotated in the keychain by another tool', () => {
  it('is read again once the provider refuses the old one, without a restart', async () => {
    await h.secrets.set('rotating', 'sk-revoked-key-0000000000');
    await expect(openai.chat.completions.create({ model: 'rotating', messages: hi })).rejects.toMatchObject({ status: 401 });
    // Stored straight into the store, as `secret-tool` or Keychain Access would: no admin call tells the gateway.
    await h.secrets.set('rotating', KEYS.openai);
    const reply = await openai.chat.completions.create({ model: 'rotating', messages: hi });
    expect(reply.choices[0]?.message.content).toBe('echo: hi');
    expect(h.openai.requests.map((received) => received.headers.authorization)).toEqual(['Bearer sk-revoked-key-0000000000', `Bearer ${KEYS.openai}`]);
  });

  it('is read again by Test connection once the provider refused the old one', async () => {
    const admin = (method: 'PUT' | 'POST', path: string, body?: unknown): Promise<unknown> =>
      request(`${h.gateway.url}/admin/api${path}`, {
        method,
        headers: { authorization: `Bearer ${h.gateway.adminToken}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then((res) => res.body.json());
    const test = (): Promise<unknown> => admin('POST', '/providers/rotating/test');
    await admin('PUT', '/credentials/rotating', { value: 'sk-revoked-key-1111111111' });
    expect(await test()).toMatchObject({ ok: false, status: 401 });
    await h.secrets.set('rotating', KEYS.openai);
    expect(await test()).toMatchObject({ ok: true, status: 200 });
  });
});
