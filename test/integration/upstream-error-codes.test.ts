/**
 * What a provider says about a failure reaches the caller in the caller's own vocabulary:
 * the type Anthropic pairs with each status.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { providersYaml, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  h = await startHarness({
    config: (fakes) => `
${providersYaml(fakes)}routes:
  gpt:    { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini } ] }
  claude: { strategy: single, targets: [ { provider: anthropic, model: claude-sonnet-4-5 } ] }
`,
  });
  openai = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: 'sk-sb-test-key', maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: h.gateway.url, apiKey: 'sk-sb-test-key', maxRetries: 0 });
});
afterAll(() => h.close());
beforeEach(() => {
  h.openai.reset();
  h.anthropic.reset();
  h.gemini.reset();
});

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
