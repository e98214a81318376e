import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error';
import { parseAnthropicError, renderAnthropicError } from './errors';

describe('parseAnthropicError', () => {
  it('reads type and message from an Anthropic error body, parsed or raw', () => {
    const body = { type: 'error', error: { type: 'rate_limit_error', message: 'Number of request tokens has exceeded your limit.' }, request_id: 'req_1' };
    expect(parseAnthropicError(429, body)).toEqual({ type: 'rate_limit_error', message: 'Number of request tokens has exceeded your limit.' });
    expect(parseAnthropicError(529, JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }))).toEqual({
      type: 'overloaded_error',
      message: 'Overloaded',
    });
  });

  it.each([
    [400, 'invalid_request_error'],
    [401, 'authentication_error'],
    [402, 'billing_error'],
    [403, 'permission_error'],
    [404, 'not_found_error'],
    [413, 'request_too_large'],
    [429, 'rate_limit_error'],
    [500, 'api_error'],
    [504, 'timeout_error'],
    [529, 'overloaded_error'],
  ])('falls back to the type for HTTP %i (%s) when the body is not an Anthropic error', (status, type) => {
    expect(parseAnthropicError(status, '<html>Bad Gateway</html>')).toEqual({ type, message: `Anthropic returned HTTP ${status}` });
  });
});

describe('renderAnthropicError', () => {
  it('keeps an Anthropic upstream type verbatim', () => {
    const err = new GatewayError('upstream', 'Overloaded', { status: 529, upstreamType: 'overloaded_error' });
    expect(renderAnthropicError(err)).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
  });

  it("keeps an Anthropic provider's type even where the table pairs it with another status", () => {
    // Anthropic uses invalid_request_error for 4xx statuses its table does not list.
    const conflict = new GatewayError('invalid_request', 'm', { status: 409, upstreamType: 'invalid_request_error', upstreamShape: 'anthropic' });
    expect(renderAnthropicError(conflict).error.type).toBe('invalid_request_error');
    const busy = new GatewayError('unavailable', 'Overloaded', { status: 503, upstreamType: 'overloaded_error', upstreamShape: 'anthropic' });
    expect(renderAnthropicError(busy).error.type).toBe('overloaded_error');
  });

  it.each([
    [401, 'authentication', 'authentication_error'],
    [403, 'permission', 'permission_error'],
    [404, 'not_found', 'not_found_error'],
  ] as const)("types OpenAI's %i invalid_request_error by its status: %s → %s", (status, kind, type) => {
    const err = new GatewayError(kind, 'Incorrect API key provided', { status, code: 'invalid_api_key', upstreamType: 'invalid_request_error', upstreamShape: 'openai' });
    expect(renderAnthropicError(err).error.type).toBe(type);
  });

  it("keeps another provider's type where Anthropic's table pairs it with the same status", () => {
    const bad = new GatewayError('invalid_request', 'm', { status: 400, upstreamType: 'invalid_request_error', upstreamShape: 'openai' });
    expect(renderAnthropicError(bad).error.type).toBe('invalid_request_error');
    const limited = new GatewayError('rate_limit', 'm', { status: 429, upstreamType: 'rate_limit_error', upstreamShape: 'openai' });
    expect(renderAnthropicError(limited).error.type).toBe('rate_limit_error');
  });

  it('maps the kind when the upstream type is foreign or absent', () => {
    const quota = new GatewayError('rate_limit', 'You exceeded your current quota', { upstreamType: 'insufficient_quota' });
    expect(renderAnthropicError(quota).error.type).toBe('rate_limit_error');
    const kinds = [
      ['invalid_request', 'invalid_request_error'],
      ['authentication', 'authentication_error'],
      ['permission', 'permission_error'],
      ['not_found', 'not_found_error'],
      ['request_too_large', 'request_too_large'],
      ['rate_limit', 'rate_limit_error'],
      ['timeout', 'timeout_error'],
      ['overloaded', 'overloaded_error'],
      ['upstream', 'api_error'],
      ['unavailable', 'api_error'],
      ['internal', 'api_error'],
    ] as const;
    for (const [kind, type] of kinds) expect(renderAnthropicError(new GatewayError(kind, 'm')).error.type).toBe(type);
  });
});
