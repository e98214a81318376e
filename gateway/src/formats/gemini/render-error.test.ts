import { describe, expect, it } from 'vitest';
import { GatewayError, invalidRequest } from '../../errors/gateway-error';
import { anthropicErrorToGateway } from '../anthropic/errors';
import { geminiGatewayError, renderGeminiError } from './errors';

describe('renderGeminiError', () => {
  it.each([
    [invalidRequest('contents[0].parts: must not be empty', 'contents[0].parts'), 400, 'INVALID_ARGUMENT'],
    [new GatewayError('authentication', 'Invalid API key'), 401, 'UNAUTHENTICATED'],
    [new GatewayError('permission', 'This key may not use this route'), 403, 'PERMISSION_DENIED'],
    [new GatewayError('not_found', 'No route serves model "x"'), 404, 'NOT_FOUND'],
    [new GatewayError('rate_limit', 'Budget exhausted'), 429, 'RESOURCE_EXHAUSTED'],
    [new GatewayError('timeout', 'The provider did not answer in time'), 504, 'DEADLINE_EXCEEDED'],
    [new GatewayError('unavailable', 'Every target is down'), 503, 'UNAVAILABLE'],
    [new GatewayError('internal', 'The gateway failed'), 500, 'INTERNAL'],
  ])('renders %s as google.rpc.Status with the HTTP code and the code name', (error, code, status) => {
    expect(renderGeminiError(error)).toEqual({ error: { code, message: error.message, status } });
  });

  it('names another provider’s error by its kind: Claude overloaded is UNAVAILABLE, with its 529', () => {
    expect(renderGeminiError(anthropicErrorToGateway('overloaded_error', 'Overloaded'))).toEqual({
      error: { code: 529, message: 'Overloaded', status: 'UNAVAILABLE' },
    });
  });

  it('keeps Gemini’s own name while it fits the status, and not once the gateway changed the status', () => {
    const region = geminiGatewayError(400, { error: { code: 400, message: 'User location is not supported for the API use.', status: 'FAILED_PRECONDITION' } });
    expect(renderGeminiError(region).error).toMatchObject({ code: 400, status: 'FAILED_PRECONDITION' });
    const badKey = geminiGatewayError(400, {
      error: { code: 400, message: 'API key not valid.', status: 'INVALID_ARGUMENT', details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' }] },
    });
    expect(renderGeminiError(badKey).error).toMatchObject({ code: 401, status: 'UNAUTHENTICATED' });
    // As a Gemini provider's answer reaches it (upstreamError marks it Gemini's), and not another's.
    const answered = new GatewayError('invalid_request', 'User location is not supported for the API use.', { status: 400, upstreamType: 'FAILED_PRECONDITION', upstreamShape: 'gemini' });
    expect(renderGeminiError(answered).error.status).toBe('FAILED_PRECONDITION');
    const openai = new GatewayError('invalid_request', 'bad', { status: 400, upstreamType: 'FAILED_PRECONDITION', upstreamShape: 'openai' });
    expect(renderGeminiError(openai).error.status).toBe('INVALID_ARGUMENT');
  });

  it('passes a retry delay on as a RetryInfo detail, rounded up to whole seconds', () => {
    const error = new GatewayError('rate_limit', 'Slow down', { retryAfterSeconds: 12.2 });
    expect(renderGeminiError(error).error.details).toEqual([{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '13s' }]);
  });
});
