/**
 * What a provider says about a failure reaches the caller in the caller's own vocabulary:
 * OpenAI's code and param, Gemini's retry delay, bad key and over-long prompt, and the type
 * Anthropic pairs with each status.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LogRecord } from '../../gateway/src/store/log-types';
import { providersYaml, sdkClients, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  h = await startHarness({
    config: (fakes) => `
${providersYaml(fakes)}  badgem:    { type: gemini, apiKey: env:WRONG_GEMINI_KEY, baseUrl: ${fakes.gemini.url}/v1beta }
routes:
  gpt:    { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini } ] }
  claude: { strategy: single, targets: [ { provider: anthropic, model: claude-sonnet-4-5 } ] }
  gem:    { strategy: single, targets: [ { provider: gemini, model: gemini-2.5-flash } ] }
  badgem: { strategy: single, targets: [ { provider: badgem, model: gemini-2.5-flash } ] }
  patient-gem:
    strategy: single
    retry: { attempts: 1, backoffMs: 10ms }
    targets: [ { provider: gemini, model: gemini-2.5-flash } ]
  roomier:
    strategy: fallback
    targets:
      - { provider: openai, model: gpt-4o-mini }
      - { provider: anthropic, model: claude-sonnet-4-5 }
`,
    env: { WRONG_GEMINI_KEY: 'not-the-gemini-key' },
  });
  ({ openai, anthropic } = sdkClients(h));
});
afterAll(() => h.close());
beforeEach(() => h.resetFakes());

type OpenAIError = InstanceType<typeof OpenAI.APIError>;
type AnthropicError = InstanceType<typeof Anthropic.APIError>;

/** The error a call fails with; a call that succeeds fails the test. */
async function failure<E>(call: Promise<unknown>): Promise<E> {
  try {
    await call;
  } catch (error) {
    return error as E;
  }
  throw new Error('the call was expected to fail');
}

const askOpenAI = (model: string) => failure<OpenAIError>(openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] }));
const askAnthropic = (model: string) =>
  failure<AnthropicError>(anthropic.messages.create({ model, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }));

async function logRow(id: string | null | undefined): Promise<LogRecord> {
  await h.gateway.logs.flush();
  const row = await h.gateway.logs.get(id ?? '');
  if (!row) throw new Error(`no log row for ${id}`);
  return row;
}

const RETRY_INFO = (delay: string) => ({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: delay });

describe("an OpenAI client sees OpenAI's own code and param", () => {
  it('400 context_length_exceeded keeps code, param and type', async () => {
    h.openai.enqueue({ kind: 'error', status: 400, code: 'context_length_exceeded', param: 'messages', message: "This model's maximum context length is 128000 tokens." });
    const error = await askOpenAI('gpt');
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ type: 'invalid_request_error', code: 'context_length_exceeded', param: 'messages' });
  });

  it('429 insufficient_quota is told apart from a rate limit, in the response and the log', async () => {
    h.openai.enqueue({ kind: 'error', status: 429, type: 'insufficient_quota', code: 'insufficient_quota', message: 'You exceeded your current quota' });
    const error = await askOpenAI('gpt');
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error).toMatchObject({ type: 'insufficient_quota', code: 'insufficient_quota' });
    // The Logs page shows the code beside the status, which is kept on its own.
    expect(await logRow(error.headers?.get('x-switchboard-request-id'))).toMatchObject({ status: 429, errorCode: 'insufficient_quota' });
  });

  it('without a provider code, the code is upstream_<status>', async () => {
    h.openai.enqueue({ kind: 'error', status: 500 });
    const error = await askOpenAI('gpt');
    expect(error).toMatchObject({ status: 500, type: 'server_error', code: 'upstream_500', param: null });
  });

  it('context_length_exceeded falls back to a roomier target whatever the message says', async () => {
    h.openai.enqueue({ kind: 'error', status: 400, code: 'context_length_exceeded', param: 'messages', message: 'Request too large for this deployment.' });
    const { data, response } = await openai.chat.completions.create({ model: 'roomier', messages: [{ role: 'user', content: 'long one' }] }).withResponse();
    expect(data.choices[0]?.message.content).toBe('echo: long one');
    expect(response.headers.get('x-switchboard-provider')).toBe('anthropic');
  });
});

describe('Gemini error statuses mean what Gemini says in the body', () => {
  it('429 with RetryInfo and no header: retry-after reaches both client shapes', async () => {
    h.gemini.enqueue({ kind: 'error', status: 429, details: [RETRY_INFO('16.4s')] }, { kind: 'error', status: 429, details: [RETRY_INFO('17s')] });
    const error = await askOpenAI('gem');
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error).toMatchObject({ type: 'rate_limit_error', code: 'resource_exhausted' });
    expect(error.headers?.get('retry-after')).toBe('17');
    const claudeStyle = await askAnthropic('gem');
    expect(claudeStyle).toBeInstanceOf(Anthropic.RateLimitError);
    expect(claudeStyle.headers?.get('retry-after')).toBe('17');
    expect(claudeStyle.error).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
  });

  it("the gateway's own retry waits as long as RetryInfo asks", async () => {
    h.gemini.enqueue({ kind: 'error', status: 429, details: [RETRY_INFO('1s')] });
    const data = await openai.chat.completions.create({ model: 'patient-gem', messages: [{ role: 'user', content: 'again' }] });
    expect(data.choices[0]?.message.content).toBe('echo: again');
    expect(h.gemini.requests).toHaveLength(2);
    const gap = (h.gemini.requests[1]?.at ?? 0) - (h.gemini.requests[0]?.at ?? 0);
    expect(gap).toBeGreaterThanOrEqual(950);
  });

  it('a bad key (400 API_KEY_INVALID) is an authentication failure for both client shapes', async () => {
    const error = await askOpenAI('badgem');
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(error).toMatchObject({ status: 401, type: 'authentication_error', code: 'invalid_api_key' });
    expect(error.message).toContain('API key not valid');
    const claudeStyle = await askAnthropic('badgem');
    expect(claudeStyle).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(claudeStyle.error).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
  });

  it('an over-long prompt is context_length_exceeded', async () => {
    h.gemini.enqueue({ kind: 'error', status: 400, message: 'The input token count (2000000) exceeds the maximum number of tokens allowed (1048576).' });
    const error = await askOpenAI('gem');
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ type: 'invalid_request_error', code: 'context_length_exceeded' });
  });
});

describe('an Anthropic client gets the type Anthropic pairs with the status', () => {
  it.each([
    [400, 'invalid_request_error', Anthropic.BadRequestError],
    [401, 'authentication_error', Anthropic.AuthenticationError],
    [403, 'permission_error', Anthropic.PermissionDeniedError],
    [404, 'not_found_error', Anthropic.NotFoundError],
    [429, 'rate_limit_error', Anthropic.RateLimitError],
    [500, 'api_error', Anthropic.InternalServerError],
  ] as const)('OpenAI %i (typed invalid_request_error up to 404) → %s', async (status, type, errorClass) => {
    h.openai.enqueue({ kind: 'error', status });
    const error = await askAnthropic('gpt');
    expect(error).toBeInstanceOf(errorClass);
    expect(error.error).toMatchObject({ type: 'error', error: { type } });
  });

  it("Anthropic's own overloaded_error stays, for Anthropic and OpenAI clients alike", async () => {
    h.anthropic.enqueue({ kind: 'error', status: 529, type: 'overloaded_error', message: 'Overloaded' }, { kind: 'error', status: 529, type: 'overloaded_error', message: 'Overloaded' });
    expect((await askAnthropic('claude')).error).toMatchObject({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
    expect(await askOpenAI('claude')).toMatchObject({ status: 529, type: 'overloaded_error', code: 'upstream_529' });
  });
});
