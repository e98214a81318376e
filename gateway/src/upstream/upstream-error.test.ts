import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load';
import { GatewayError } from '../errors/gateway-error';
import { ProviderRegistry } from '../providers/registry';
import { MemorySecretStore } from '../secrets/memory-secret-store';
import { Cancellation } from './cancel';
import type { UpstreamResponse } from './http';
import { readUpstreamError, withoutSecretsIn } from './upstream-error';

// A base64-style key, as some OpenAI-compatible servers issue: it holds `/` and `+`.
const KEY = 'sb9Q/Zx+7kLmN0pQ/rS+tUvW==';

function provider(name = 'echo') {
  const config = parseConfig(`
providers:
  echo: { type: openai-compatible, apiKey: env:ECHO_KEY, baseUrl: "http://127.0.0.1:9/v1" }
  oai:  { type: openai, apiKey: env:ECHO_KEY, baseUrl: "http://127.0.0.1:9/v1" }
  az:   { type: azure, apiKey: env:ECHO_KEY, baseUrl: "http://127.0.0.1:9" }
  ant:  { type: anthropic, apiKey: env:ECHO_KEY, baseUrl: "http://127.0.0.1:9" }
  gem:  { type: gemini, apiKey: env:ECHO_KEY, baseUrl: "http://127.0.0.1:9/v1beta" }
`);
  const registry = new ProviderRegistry(new MemorySecretStore(), { ECHO_KEY: KEY });
  registry.apply(config);
  return registry.get(name)!;
}

function response(status: number, body: string | object, headers: UpstreamResponse['headers'] = {}): UpstreamResponse {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { statusCode: status, headers, body: { text: async () => text } as unknown as UpstreamResponse['body'] };
}

const read = (name: string, status: number, body: string | object, headers: UpstreamResponse['headers'] = {}) =>
  readUpstreamError(provider(name), response(status, body, headers), new Cancellation());

describe('readUpstreamError: a provider that echoes the key it was sent', () => {
  it.each([
    ['as it is', KEY],
    ['JSON-escaped like PHP (\\/ for /)', KEY.replaceAll('/', '\\/')],
    ['JSON-escaped like .NET (\\u002B for +)', KEY.replaceAll('+', '\\u002B')],
  ])('%s: the message keeps its words and loses the key', async (_, echoed) => {
    const body = `{"error":{"message":"Incorrect API key provided: ${echoed}","type":"invalid_request_error","code":"invalid_api_key"}}`;
    const error = await readUpstreamError(provider(), response(401, body), new Cancellation());
    expect(error.status).toBe(401);
    expect(error.message).toBe('Incorrect API key provided: [redacted]');
  });
});

describe("readUpstreamError: the provider's own code and param", () => {
  it('keeps OpenAI\'s code and param, which SDK users branch on', async () => {
    const body = { error: { message: "This model's maximum context length is 128000 tokens.", type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' } };
    expect(await read('oai', 400, body)).toMatchObject({
      kind: 'invalid_request',
      status: 400,
      code: 'context_length_exceeded',
      param: 'messages',
      upstreamType: 'invalid_request_error',
      upstreamShape: 'openai',
      provider: 'oai',
    });
    const quota = await read('oai', 429, { error: { message: 'You exceeded your current quota', type: 'insufficient_quota', param: null, code: 'insufficient_quota' } });
    expect(quota).toMatchObject({ kind: 'rate_limit', status: 429, code: 'insufficient_quota', param: undefined });
  });

  it('falls back to upstream_<status> when the provider sent no code, or only the status again', async () => {
    expect((await read('oai', 500, { error: { message: 'oops', type: 'server_error', param: null, code: null } })).code).toBe('upstream_500');
    expect((await read('echo', 502, 'Bad Gateway')).code).toBe('upstream_502');
    // Azure's gateway errors: {error:{code:"429",message}}. vLLM sends code: 400.
    expect((await read('az', 429, { error: { code: '429', message: 'Requests have exceeded the call rate limit.' } })).code).toBe('upstream_429');
    expect((await read('echo', 400, { object: 'error', message: 'max_tokens is too large', type: 'BadRequestError', code: 400 })).code).toBe('upstream_400');
    expect((await read('az', 404, { error: { code: 'DeploymentNotFound', message: 'The API deployment for this resource does not exist.' } })).code).toBe('DeploymentNotFound');
  });

  it('Anthropic sends no code: upstream_<status>, with its type in its own vocabulary', async () => {
    const error = await read('ant', 529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
    expect(error).toMatchObject({ kind: 'overloaded', status: 529, code: 'upstream_529', upstreamType: 'overloaded_error', upstreamShape: 'anthropic' });
  });

  it('takes an echoed key out of the code and param too, escaped or not', async () => {
    const escaped = KEY.replaceAll('/', '\\/');
    const body = `{"error":{"message":"bad","type":"invalid_request_error","param":"key ${escaped}","code":"bad_key_${escaped}"}}`;
    const error = await read('echo', 401, body);
    expect(error.param).toBe('key [redacted]');
    expect(error.code).toBe('bad_key_[redacted]');
  });
});

describe('readUpstreamError: Gemini error statuses read as its error bodies are', () => {
  const googleError = (code: number, message: string, status: string, details?: unknown[]) => ({ error: { code, message, status, ...(details ? { details } : {}) } });

  it('takes the wait from RetryInfo when no header gives one; a header wins', async () => {
    const body = googleError(429, 'Resource has been exhausted (e.g. check quota).', 'RESOURCE_EXHAUSTED', [
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '16.2s' },
    ]);
    const error = await read('gem', 429, body);
    expect(error).toMatchObject({ kind: 'rate_limit', status: 429, retryAfterSeconds: 17, code: 'resource_exhausted', upstreamType: 'RESOURCE_EXHAUSTED', provider: 'gem' });
    // A Gemini client reads Gemini's own status name; an OpenAI one gets a type by kind (renderOpenAIError).
    expect(error.upstreamShape).toBe('gemini');
    expect((await read('gem', 429, body, { 'retry-after': '3' })).retryAfterSeconds).toBe(3);
  });

  it('reports API_KEY_INVALID as a 401 invalid_api_key, not a bad request', async () => {
    const body = googleError(400, 'API key not valid. Please pass a valid API key.', 'INVALID_ARGUMENT', [
      { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' },
    ]);
    expect(await read('gem', 400, body)).toMatchObject({ kind: 'authentication', status: 401, code: 'invalid_api_key', retryable: false, provider: 'gem' });
  });

  it('keeps the details a Gemini client reads, without the key if they quote it, and drops the rest', async () => {
    const body = googleError(429, 'Quota exceeded.', 'RESOURCE_EXHAUSTED', [
      { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'RATE_LIMIT_EXCEEDED', metadata: { consumer: `api_key:${KEY}` } },
      { '@type': 'type.googleapis.com/google.rpc.DebugInfo', detail: 'internal stack' },
      { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaId: 'GenerateRequestsPerMinutePerProjectPerModel' }] },
    ]);
    const error = await read('gem', 429, body);
    expect(error.upstreamDetails).toEqual([
      { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'RATE_LIMIT_EXCEEDED', metadata: { consumer: 'api_key:[redacted]' } },
      { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaId: 'GenerateRequestsPerMinutePerProjectPerModel' }] },
    ]);
  });

  it('codes an over-long prompt context_length_exceeded', async () => {
    const body = googleError(400, 'The input token count (2000000) exceeds the maximum number of tokens allowed (1048576).', 'INVALID_ARGUMENT');
    expect(await read('gem', 400, body)).toMatchObject({ kind: 'invalid_request', status: 400, code: 'context_length_exceeded' });
  });
});

describe('withoutSecretsIn', () => {
  it("takes a secret out of an error's code and param too (a stream's error event may quote it there)", () => {
    const error = new GatewayError('upstream', `key ${KEY} is disabled`, { status: 502, code: `bad_key_${KEY}`, param: KEY, provider: 'echo', retryAfterSeconds: 3 });
    const clean = withoutSecretsIn(error, [KEY]);
    expect(JSON.stringify({ message: clean.message, code: clean.code, param: clean.param })).not.toContain(KEY);
    expect(clean).toMatchObject({ status: 502, provider: 'echo', retryAfterSeconds: 3, message: 'key [redacted] is disabled' });
  });

  it('leaves an error without secrets as it was', () => {
    const error = new GatewayError('upstream', 'overloaded', { code: 'overloaded_error' });
    expect(withoutSecretsIn(error, [KEY])).toBe(error);
  });
});
