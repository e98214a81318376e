import { describe, expect, it } from 'vitest';
import { hrefFor, parseHash } from './hash-route';

describe('hash routes', () => {
  it('reads the page and its parameter', () => {
    expect(parseHash('#/logs/req_1')).toEqual({ page: 'logs', param: 'req_1' });
    expect(parseHash('#/routes')).toEqual({ page: 'routes', param: null });
  });

  it('falls back to the overview for an empty or unknown hash', () => {
    expect(parseHash('')).toEqual({ page: 'overview', param: null });
    expect(parseHash('#/nope/x')).toMatchObject({ page: 'overview' });
  });

  it('round-trips route names holding ":" and "@"', () => {
    const href = hrefFor('routes', 'llama3:8b@eu');
    expect(parseHash(href)).toEqual({ page: 'routes', param: 'llama3:8b@eu' });
  });
});
