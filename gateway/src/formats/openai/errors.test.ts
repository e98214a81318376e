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

  it("prefers the provider's own error type", () => {
    expect(renderOpenAIError(new GatewayError('overloaded', 'Overloaded', { upstreamType: 'overloaded_error' })).error.type).toBe('overloaded_error');
  });
});
