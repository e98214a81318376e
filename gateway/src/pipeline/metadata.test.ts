import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error';
import { requestMetadata } from './metadata';

describe('requestMetadata', () => {
  it('merges the header over the body metadata and adds the body user', () => {
    const merged = requestMetadata({ 'x-switchboard-metadata': '{"tier":"free","retries":2,"beta":true}' }, { metadata: { tier: 'paid', app: 'cli' }, user: 'ana' });
    expect(merged).toEqual({ tier: 'free', retries: '2', beta: 'true', app: 'cli', user: 'ana' });
  });

  it('is undefined when nothing carries metadata', () => {
    expect(requestMetadata({}, {})).toBeUndefined();
  });

  it.each([
    ['not json', 'is not valid JSON'],
    ['[1,2]', 'must be a JSON object'],
    ['{"nested":{"a":1}}', 'field "nested" must be'],
  ])('refuses %s with a 400 naming the header', (header, message) => {
    let error: unknown;
    try {
      requestMetadata({ 'x-switchboard-metadata': header }, {});
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).status).toBe(400);
    expect((error as GatewayError).message).toContain(message);
    expect((error as GatewayError).param).toBe('x-switchboard-metadata');
  });
});
