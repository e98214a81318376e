import { describe, expect, it } from 'vitest';
import { GatewayError, invalidRequest } from '../../errors/gateway-error';
import { parseOpenAIError, renderOpenAIError } from './errors';

describe('parseOpenAIError', () => {
  it('reads an OpenAI error body, raw or parsed', () => {
    const body = { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } };
    const expected = { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key', param: null };
    expect(parseOpenAIError(401, body)).toEqual(expected);
    expect(parseOpenAIError(401, JSON.stringify(body))).toEqual(expected);
  });

  it('reads the shapes compatible servers use', () => {
    expect(parseOpenAIError(404, '{"error":"model \\"llama9\\" not found, try pulling it first"}')).toMatchObject({
      message: 'model "llama9" not found, try pulling it first',
      type: 'not_found_error',
    });
    expect(parseOpenAIError(400, { object: 'error', message: 'max_tokens is too large', type: 'BadRequestError', code: 400 }))
      .toEqual({ message: 'max_tokens is too large', type: 'BadRequestError', code: '400', param: null });
    expect(parseOpenAIError(422, { detail: 'Field required' }).message).toBe('Field required');
  });

  it("reads pydantic validation issues (vLLM's detail, Mistral's message.detail) as a sentence, never echoing the request", () => {
    const issue = (field: string) => ({ type: 'extra_forbidden', loc: ['body', field], msg: 'Extra inputs are not permitted', input: { secret_prompt: 'my diary' } });
    const mistral = { object: 'error', message: { detail: [issue('stream_options'), issue('user')] }, type: 'invalid_request_error', param: null, code: null };
    const parsed = parseOpenAIError(422, JSON.stringify(mistral));
    expect(parsed).toEqual({
      message: 'body.stream_options: Extra inputs are not permitted; body.user: Extra inputs are not permitted',
      type: 'invalid_request_error',
      code: null,
      param: null,
    });
    expect(parseOpenAIError(422, { detail: [{ loc: ['body', 'messages', 0, 'role'], msg: 'Field required', input: 'my diary' }] }).message).toBe('body.messages.0.role: Field required');
  });

  it('keeps short plain-text bodies and hides HTML error pages', () => {
    expect(parseOpenAIError(502, 'upstream connect error')).toEqual({ message: 'upstream connect error', type: 'api_error', code: null, param: null });
    expect(parseOpenAIError(503, '<html><body>Service Unavailable</body></html>').message).toBe('The provider answered HTTP 503');
  });
});

describe('renderOpenAIError', () => {
  it('renders the OpenAI error shape with the param and code', () => {
    expect(renderOpenAIError(invalidRequest("Invalid 'messages.0.content': …", 'messages.0.content'))).toEqual({
      error: { message: "Invalid 'messages.0.content': …", type: 'invalid_request_error', param: 'messages.0.content', code: 'invalid_request' },
    });
  });

  it.each([
    ['authentication', 'authentication_error'],
    ['permission', 'permission_error'],
    ['not_found', 'not_found_error'],
    ['rate_limit', 'rate_limit_error'],
    ['timeout', 'timeout_error'],
    ['upstream', 'api_error'],
    ['internal', 'server_error'],
  ] as const)('types a %s error as %s', (kind, type) => {
    expect(renderOpenAIError(new GatewayError(kind, 'x')).error.type).toBe(type);
  });

  it("keeps the type of a provider a client speaks to: OpenAI's own, and Anthropic's", () => {
    const quota = new GatewayError('rate_limit', 'You exceeded your current quota', { code: 'insufficient_quota', upstreamType: 'insufficient_quota', upstreamShape: 'openai' });
    expect(renderOpenAIError(quota).error).toMatchObject({ type: 'insufficient_quota', code: 'insufficient_quota' });
    const overloaded = new GatewayError('overloaded', 'Overloaded', { status: 529, upstreamType: 'overloaded_error', upstreamShape: 'anthropic' });
    expect(renderOpenAIError(overloaded).error.type).toBe('overloaded_error');
  });

  it("carries the provider's code and param", () => {
    const tooLong = new GatewayError('invalid_request', "This model's maximum context length is 128000 tokens.", {
      code: 'context_length_exceeded',
      param: 'messages',
      upstreamType: 'invalid_request_error',
      upstreamShape: 'openai',
    });
    expect(renderOpenAIError(tooLong).error).toEqual({
      message: "This model's maximum context length is 128000 tokens.",
      type: 'invalid_request_error',
      param: 'messages',
      code: 'context_length_exceeded',
    });
  });

  it("types Gemini's errors by kind: its google.rpc names are no client's types, and need not agree with the status", () => {
    const badKey = new GatewayError('authentication', 'API key not valid.', { status: 401, code: 'invalid_api_key', upstreamType: 'INVALID_ARGUMENT', upstreamShape: 'gemini' });
    expect(renderOpenAIError(badKey).error).toMatchObject({ type: 'authentication_error', code: 'invalid_api_key' });
    const exhausted = new GatewayError('rate_limit', 'Resource has been exhausted', { code: 'resource_exhausted', upstreamType: 'RESOURCE_EXHAUSTED', upstreamShape: 'gemini' });
    expect(renderOpenAIError(exhausted).error).toMatchObject({ type: 'rate_limit_error', code: 'resource_exhausted' });
  });
});
