/**
 * Provider headers that carry a secret (`Ocp-Apim-Subscription-Key: "credential:apim"`,
 * `Helicone-Auth: "env:VAR"`): resolved and sent upstream, redacted from what the provider
 * echoes, and never shown by the admin API, which only has the references.
 */
import OpenAI from 'openai';
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { providersYaml, startHarness } from './harness';
import type { Harness } from './harness';

const APIM_KEY = 'apim-subscription-0123456789abcdef';
const HELICONE_TOKEN = 'helicone-token-9876543210fedcba';

let h: Harness;
let client: OpenAI;

beforeAll(async () => {
  h = await startHarness({
    env: { TEST_HELICONE: `Bearer ${HELICONE_TOKEN}` },
    config: (fakes) => `
${providersYaml(fakes)}  apim:
    type: openai-compatible
    baseUrl: ${fakes.openai.url}/v1
    apiKey: env:TEST_LOCAL_KEY
    headers: { Ocp-Apim-Subscription-Key: "credential:apim", Helicone-Auth: "env:TEST_HELICONE", X-Title: Switchboard tests }
  unset:
    type: openai-compatible
    baseUrl: ${fakes.openai.url}/v1
    headers: { cf-aig-authorization: "credential:never-stored" }
routes:
  via-apim:  { strategy: single, targets: [ { provider: apim, model: gpt-4o-mini } ] }
  apim-embed: { strategy: single, targets: [ { provider: apim, model: text-embedding-3-small } ] }
  via-unset: { strategy: single, targets: [ { provider: unset, model: gpt-4o-mini } ] }
`,
  });
  await h.secrets.set('apim', APIM_KEY);
  client = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: 'sk-sb-test-key', maxRetries: 0 });
});
afterAll(() => h.close());
beforeEach(() => h.resetFakes());

async function admin(method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown): Promise<{ status: number; text: string }> {
  const res = await request(`${h.gateway.url}/admin/api${path}`, {
    method,
    headers: { authorization: `Bearer ${h.gateway.adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.statusCode, text: await res.body.text() };
}

describe('provider header secrets', () => {
  it('sends the resolved secrets with chat calls (plain and streamed) and embeddings', async () => {
    await client.chat.completions.create({ model: 'via-apim', messages: [{ role: 'user', content: 'hi' }] });
    const stream = await client.chat.completions.create({ model: 'via-apim', messages: [{ role: 'user', content: 'hi' }], stream: true });
    for await (const _chunk of stream) {
      // drain
    }
    await client.embeddings.create({ model: 'apim-embed', input: 'hello' });
    expect(h.openai.requests).toHaveLength(3);
    for (const received of h.openai.requests) {
      expect(received.headers['ocp-apim-subscription-key']).toBe(APIM_KEY);
      expect(received.headers['helicone-auth']).toBe(`Bearer ${HELICONE_TOKEN}`);
      expect(received.headers['x-title']).toBe('Switchboard tests');
    }
  });

  it('sends them with Test connection', async () => {
    const res = await admin('POST', '/providers/apim/test', {});
    expect(res.status).toBe(200);
    const models = h.openai.requests.find((received) => received.path.endsWith('/models'));
    expect(models?.headers['ocp-apim-subscription-key']).toBe(APIM_KEY);
  });

  it('takes a secret changed through the admin API at the next call', async () => {
    const rotated = 'apim-subscription-rotated-000111222';
    expect((await admin('PUT', '/credentials/apim', { value: rotated })).status).toBe(200);
    try {
      await client.chat.completions.create({ model: 'via-apim', messages: [{ role: 'user', content: 'hi' }] });
      expect(h.openai.requests[0]?.headers['ocp-apim-subscription-key']).toBe(rotated);
    } finally {
      await admin('PUT', '/credentials/apim', { value: APIM_KEY });
    }
  });

  it('fails the call with credential_unavailable when a referenced secret is not set, and sends nothing', async () => {
    const error = await client.chat.completions.create({ model: 'via-unset', messages: [{ role: 'user', content: 'hi' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('credential_unavailable');
    expect((error as Error).message).toContain('"cf-aig-authorization" header of provider "unset"');
    expect(h.openai.requests).toHaveLength(0);
  });

  it('redacts a header secret the provider echoes in an error, whole or without its scheme', async () => {
    h.openai.enqueue({ kind: 'error', status: 401, message: `Access denied due to invalid subscription key ${APIM_KEY} (helicone: ${HELICONE_TOKEN})` });
    const error = await client.chat.completions.create({ model: 'via-apim', messages: [{ role: 'user', content: 'hi' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    const message = (error as Error).message;
    expect(message).toContain('invalid subscription key [redacted] (helicone: [redacted])');
    expect(message).not.toContain(APIM_KEY);
    expect(message).not.toContain(HELICONE_TOKEN);
  });

  it('shows the admin API only the references, never a resolved value', async () => {
    for (const path of ['/config', '/providers', '/providers/apim']) {
      const res = await admin('GET', path);
      expect(res.status).toBe(200);
      expect(res.text).toContain('credential:apim');
      expect(res.text).toContain('env:TEST_HELICONE');
      expect(res.text).not.toContain(APIM_KEY);
      expect(res.text).not.toContain(HELICONE_TOKEN);
    }
  });
});
