/**
 * Keyless Azure OpenAI: with `auth: bearer` the provider's credential is a Microsoft Entra ID access
 * token, sent as `Authorization: Bearer` instead of `api-key`, as Azure takes it. The fake Azure
 * here accepts one token that way and refuses others with the 401 body real Azure sends.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../fakes';
import type { FakeProvider } from '../fakes';
import { providersYaml, sdkClients, startHarness } from './harness';
import type { Harness } from './harness';

const TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.fake-entra-token.sig';

let h: Harness;
let entra: FakeProvider;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  entra = await startFakeOpenAI({ apiKey: 'some-azure-key', bearerToken: TOKEN, deployments: { 'prod-gpt4o': 'gpt-4o-2024-11-20' } });
  h = await startHarness({
    config: (fakes) => `
${providersYaml(fakes)}  keyless: { type: azure, auth: bearer, credential: azure-entra, baseUrl: ${entra.url} }
  keyless-v1: { type: azure, auth: bearer, credential: azure-entra, baseUrl: ${entra.url}/openai/v1 }
routes:
  entra: { strategy: single, targets: [ { provider: keyless, model: prod-gpt4o } ] }
  entra-v1: { strategy: single, targets: [ { provider: keyless-v1, model: prod-gpt4o } ] }
`,
  });
  await h.secrets.set('azure-entra', TOKEN);
  ({ openai, anthropic } = sdkClients(h));
});
afterAll(async () => {
  await h.close();
  await entra.close();
});
beforeEach(() => entra.reset());

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
