/**
 * Keyless Azure OpenAI: with `auth: bearer` the provider's credential is a Microsoft Entra ID access
 * token, sent as `Authorization: Bearer` instead of `api-key`, as Azure takes it; with `auth: entra`
 * it is a service principal's client secret, which the gateway trades for such tokens at the
 * (fake) Entra token endpoint. The fake Azure here accepts one token that way and refuses others
 * with the 401 body real Azure sends.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../fakes';
import type { FakeProvider } from '../fakes';
import { providersYaml, sdkClients, startHarness } from './harness';
import type { Harness } from './harness';

const TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.fake-entra-token.sig';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT_ID = '1b730954-1685-4b74-9bfd-dac224a7b894';
const CLIENT_SECRET = 'Qm~8Q~abcdefghijklmnopqrstuvwxyz0123456789';

/** Entra's v2.0 token endpoint for one tenant and app: the client credentials grant, as Microsoft answers it. */
async function startFakeEntra(): Promise<{ url: string; signIns: URLSearchParams[]; paths: string[]; close(): Promise<void> }> {
  const signIns: URLSearchParams[] = [];
  const paths: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      signIns.push(form);
      paths.push(req.url ?? '');
      res.setHeader('content-type', 'application/json; charset=utf-8');
      if (req.url !== `/${TENANT}/oauth2/v2.0/token` || form.get('client_id') !== CLIENT_ID || form.get('client_secret') !== CLIENT_SECRET) {
        res.statusCode = 401;
        // Entra never echoes the secret; a proxy in between might, raw or form-encoded as sent.
        const sent = form.get('client_secret') ?? '';
        const echo = `${sent} ${encodeURIComponent(sent)} ${new URLSearchParams({ s: sent }).toString().slice(2)}`;
        res.end(JSON.stringify({ error: 'invalid_client', error_description: `AADSTS7000215: Invalid client secret provided (${echo}). Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '1b730954-1685-4b74-9bfd-dac224a7b894'.\r\nTrace ID: 0000\r\nCorrelation ID: 1111`, error_codes: [7000215] }));
        return;
      }
      res.end(JSON.stringify({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: TOKEN }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, signIns, paths, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

let h: Harness;
let entra: FakeProvider;
let signIn: Awaited<ReturnType<typeof startFakeEntra>>;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  entra = await startFakeOpenAI({ apiKey: 'some-azure-key', bearerToken: TOKEN, deployments: { 'prod-gpt4o': 'gpt-4o-2024-11-20' } });
  signIn = await startFakeEntra();
  const principal = (secret: string): string => `auth: entra, entra: { tenantId: ${TENANT}, clientId: ${CLIENT_ID}, authorityHost: "${signIn.url}" }, credential: ${secret}`;
  h = await startHarness({
    config: (fakes) => `
${providersYaml(fakes)}  keyless: { type: azure, auth: bearer, credential: azure-entra, baseUrl: ${entra.url} }
  keyless-v1: { type: azure, auth: bearer, credential: azure-entra, baseUrl: ${entra.url}/openai/v1 }
  principal: { type: azure, ${principal('azure-sp')}, baseUrl: ${entra.url} }
  wrong-secret: { type: azure, ${principal('azure-sp-old')}, baseUrl: ${entra.url} }
routes:
  sp: { strategy: single, targets: [ { provider: principal, model: prod-gpt4o } ] }
  sp-wrong: { strategy: single, targets: [ { provider: wrong-secret, model: prod-gpt4o } ] }
  entra: { strategy: single, targets: [ { provider: keyless, model: prod-gpt4o } ] }
  entra-v1: { strategy: single, targets: [ { provider: keyless-v1, model: prod-gpt4o } ] }
`,
  });
  await h.secrets.set('azure-entra', TOKEN);
  await h.secrets.set('azure-sp', CLIENT_SECRET);
  await h.secrets.set('azure-sp-old', 'Qm~8Q~an-expired-secret-0000000000000000');
  ({ openai, anthropic } = sdkClients(h));
});
afterAll(async () => {
  await h.close();
  await entra.close();
  await signIn.close();
});
beforeEach(() => {
  entra.reset();
  signIn.signIns.length = 0;
  signIn.paths.length = 0;
});

describe('an azure provider with auth: bearer', () => {
  it('sends its credential as an Entra ID bearer token, natively, translated and for embeddings', async () => {
    const reply = await openai.chat.completions.create({ model: 'entra', messages: [{ role: 'user', content: 'hi' }] });
    expect(reply.choices[0]?.message.content).toBe('echo: hi');
    const message = await anthropic.messages.create({ model: 'entra-v1', max_tokens: 20, messages: [{ role: 'user', content: 'hey' }] });
    expect(message.content).toEqual([{ type: 'text', text: 'echo: hey' }]);
    await openai.embeddings.create({ model: 'keyless/prod-embed', input: 'x' });
    expect(entra.requests.map((r) => [r.path, r.headers.authorization, r.headers['api-key']])).toEqual([
      ['/openai/deployments/prod-gpt4o/chat/completions', `Bearer ${TOKEN}`, undefined],
      ['/openai/v1/chat/completions', `Bearer ${TOKEN}`, undefined],
      ['/openai/deployments/prod-embed/embeddings', `Bearer ${TOKEN}`, undefined],
    ]);
  });

  it('reports an expired token as Azure does, as a 401 the next call reads the keychain again after', async () => {
    await h.secrets.set('azure-entra', 'expired-token');
    h.gateway.providers.invalidateKeys();
    const error = await openai.chat.completions.create({ model: 'entra', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401, message: expect.stringContaining('Access token is missing, invalid') });
    await h.secrets.set('azure-entra', TOKEN);
    const reply = await openai.chat.completions.create({ model: 'entra', messages: [{ role: 'user', content: 'again' }] });
    expect(reply.choices[0]?.message.content).toBe('echo: again');
  });
});

describe('an azure provider with auth: entra', () => {
  it('signs in once with the client secret and sends the token it gets to every call', async () => {
    const first = await openai.chat.completions.create({ model: 'sp', messages: [{ role: 'user', content: 'one' }] });
    expect(first.choices[0]?.message.content).toBe('echo: one');
    const second = await anthropic.messages.create({ model: 'sp', max_tokens: 20, messages: [{ role: 'user', content: 'two' }] });
    expect(second.content).toEqual([{ type: 'text', text: 'echo: two' }]);
    expect(signIn.paths).toEqual([`/${TENANT}/oauth2/v2.0/token`]);
    expect(Object.fromEntries(signIn.signIns[0] ?? [])).toEqual({
      grant_type: 'client_credentials',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      scope: 'https://cognitiveservices.azure.com/.default',
    });
    expect(entra.requests.map((r) => [r.headers.authorization, r.headers['api-key']])).toEqual([
      [`Bearer ${TOKEN}`, undefined],
      [`Bearer ${TOKEN}`, undefined],
    ]);
  });

  it('tells the caller what Entra said when it refuses the secret, without the secret, and sends nothing to Azure', async () => {
    const error = await openai.chat.completions.create({ model: 'sp-wrong', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 503, code: 'credential_unavailable' });
    expect((error as Error).message).toContain('No access token for provider "wrong-secret": Microsoft Entra ID refused the sign-in: AADSTS7000215: Invalid client secret provided ([secret] [secret] [secret])');
    expect((error as Error).message).not.toContain('expired');
    expect(entra.requests).toHaveLength(0);
    // Not worth retrying as it is; and the calls right after are answered without asking Entra again.
    expect((error as InstanceType<typeof OpenAI.APIError>).headers?.get('x-should-retry')).toBe('false');
    await openai.chat.completions.create({ model: 'sp-wrong', messages: [{ role: 'user', content: 'hi' }] }).catch(() => undefined);
    expect(signIn.signIns).toHaveLength(1);
  });
});
