import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error';
import { isContentFilterRefusal, shouldFallback } from './failure';
import { DEFAULT_FALLBACK_ON } from './policy';

const upstream = (status: number, code: string, message = 'refused'): GatewayError => new GatewayError('upstream', message, { status, code });

describe('content-filter refusals', () => {
  it('are recognised by Azure’s and OpenAI’s codes and Anthropic’s wording, on a 400 only', () => {
    expect(isContentFilterRefusal(upstream(400, 'content_filter'))).toBe(true);
    expect(isContentFilterRefusal(upstream(400, 'content_policy_violation'))).toBe(true);
    expect(isContentFilterRefusal(upstream(400, 'invalid_request_error', 'Output blocked by content filtering policy'))).toBe(true);
    expect(isContentFilterRefusal(upstream(400, 'invalid_request_error', 'messages: at least one message is required'))).toBe(false);
    expect(isContentFilterRefusal(upstream(500, 'content_filter'))).toBe(false);
  });

  it('fall back only where the route lists content_filter', () => {
    const refusal = upstream(400, 'content_filter');
    expect(shouldFallback(refusal, DEFAULT_FALLBACK_ON)).toBe(false);
    expect(shouldFallback(refusal, [...DEFAULT_FALLBACK_ON, 'content_filter'])).toBe(true);
    // A route that falls back on every 400 still does.
    expect(shouldFallback(refusal, [400])).toBe(true);
    // Listing content_filter adds nothing for other 400s.
    expect(shouldFallback(upstream(400, 'invalid_request_error'), ['content_filter'])).toBe(false);
  });
});
