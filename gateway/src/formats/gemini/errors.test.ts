import { describe, expect, it } from 'vitest';
import { geminiErrorMeaning, geminiGatewayError, parseGeminiError } from './index';

const quotaError = {
  error: {
    code: 429,
    message: 'You exceeded your current quota, please check your plan.',
    status: 'RESOURCE_EXHAUSTED',
    details: [
      { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaId: 'GenerateRequestsPerMinute' }] },
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '34.4s' },
    ],
  },
};

const badKey = {
  error: {
    code: 400,
    message: 'API key not valid. Please pass a valid API key.',
    status: 'INVALID_ARGUMENT',
    details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' }],
  },
};

describe('Gemini error parsing', () => {
  it('reads message and status name, the retry delay rounded up, and the details clients read', () => {
    expect(parseGeminiError(429, JSON.stringify(quotaError))).toEqual({
      message: 'You exceeded your current quota, please check your plan.',
      type: 'RESOURCE_EXHAUSTED',
      retryAfterSeconds: 35,
      details: quotaError.error.details,
    });
  });

  it('reads an error wrapped in a JSON array', () => {
    const body = JSON.stringify([{ error: { code: 400, message: 'Invalid JSON payload received.', status: 'INVALID_ARGUMENT' } }]);
    expect(parseGeminiError(400, body)).toEqual({ message: 'Invalid JSON payload received.', type: 'INVALID_ARGUMENT' });
  });

  it('accepts an already parsed body', () => {
    expect(parseGeminiError(404, { error: { code: 404, message: 'models/nope is not found', status: 'NOT_FOUND' } }).type).toBe('NOT_FOUND');
  });

  it('falls back to the status name for bodies that are not Gemini errors, without echoing them', () => {
    const info = parseGeminiError(503, '<html><body>upstream connect error</body></html>');
    expect(info).toEqual({ message: 'Gemini answered HTTP 503 with a body that is not a Gemini error', type: 'UNAVAILABLE' });
    expect(parseGeminiError(500, '').type).toBe('INTERNAL');
    expect(parseGeminiError(400, { error: 'flat string' }).type).toBe('INVALID_ARGUMENT');
  });

  it('derives the type from the code when the status name is missing', () => {
    expect(parseGeminiError(200, { error: { code: 429, message: 'slow down' } })).toEqual({ message: 'slow down', type: 'RESOURCE_EXHAUSTED' });
  });

  it('builds a retryable rate-limit GatewayError that carries the retry delay', () => {
    const error = geminiGatewayError(429, JSON.stringify(quotaError));
    expect(error).toMatchObject({
      kind: 'rate_limit',
      status: 429,
      retryable: true,
      retryAfterSeconds: 35,
      provider: 'gemini',
      upstreamType: 'RESOURCE_EXHAUSTED',
      code: 'resource_exhausted',
    });
  });

  it('treats Gemini\'s 400 for a bad API key as an authentication failure, with OpenAI\'s code for it', () => {
    expect(geminiGatewayError(400, badKey)).toMatchObject({ kind: 'authentication', status: 401, retryable: false, code: 'invalid_api_key' });
  });

  it('flags an over-long prompt as context_length_exceeded', () => {
    const body = { error: { code: 400, message: 'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).', status: 'INVALID_ARGUMENT' } };
    expect(geminiGatewayError(400, body)).toMatchObject({ kind: 'invalid_request', code: 'context_length_exceeded' });
  });
});

describe('geminiErrorMeaning: what an HTTP error status means, read as an error body is', () => {
  it('carries the retry delay and the status name as code', () => {
    expect(geminiErrorMeaning(429, JSON.stringify(quotaError))).toEqual({
      message: 'You exceeded your current quota, please check your plan.',
      type: 'RESOURCE_EXHAUSTED',
      status: 429,
      code: 'resource_exhausted',
      retryAfterSeconds: 35,
      details: quotaError.error.details,
    });
  });

  it('reports a bad key as 401 invalid_api_key, keeping Google\'s status name as the type', () => {
    expect(geminiErrorMeaning(400, JSON.stringify(badKey))).toEqual({
      message: 'API key not valid. Please pass a valid API key.',
      type: 'INVALID_ARGUMENT',
      status: 401,
      code: 'invalid_api_key',
      details: badKey.error.details,
    });
  });

  it('codes an over-long prompt context_length_exceeded and leaves other statuses alone', () => {
    const body = { error: { code: 400, message: 'The input token count (2000000) exceeds the maximum number of tokens allowed (1048576).', status: 'INVALID_ARGUMENT' } };
    expect(geminiErrorMeaning(400, body)).toMatchObject({ status: 400, code: 'context_length_exceeded' });
    expect(geminiErrorMeaning(503, '<html>busy</html>')).toMatchObject({ status: 503, code: 'unavailable', type: 'UNAVAILABLE' });
  });
});
