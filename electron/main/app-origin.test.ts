import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN, isExternalWebUrl, isSameOrigin, resolveRendererSource } from './app-origin';

describe('resolveRendererSource', () => {
  it('serves the packaged app from app:// even when a dev URL is set', () => {
    expect(resolveRendererSource(true, 'http://localhost:5173')).toEqual({ entryUrl: APP_ENTRY_URL, origin: APP_ORIGIN });
  });

  it('uses the loopback dev server in development', () => {
    expect(resolveRendererSource(false, 'http://localhost:5173/')).toEqual({
      entryUrl: 'http://localhost:5173/',
      origin: 'http://localhost:5173',
    });
  });

  it('ignores a dev URL that is not loopback HTTP', () => {
    expect(resolveRendererSource(false, 'http://evil.example:5173').origin).toBe(APP_ORIGIN);
    expect(resolveRendererSource(false, 'file:///tmp/index.html').origin).toBe(APP_ORIGIN);
    expect(resolveRendererSource(false, 'not a url').origin).toBe(APP_ORIGIN);
  });
});

describe('isSameOrigin', () => {
  it('matches app:// pages by scheme and host although WHATWG gives them an opaque origin', () => {
    expect(isSameOrigin('app://switchboard/index.html', APP_ORIGIN)).toBe(true);
    expect(isSameOrigin('app://other/index.html', APP_ORIGIN)).toBe(false);
    expect(isSameOrigin('https://switchboard/index.html', APP_ORIGIN)).toBe(false);
  });

  it('distinguishes ports on http origins', () => {
    expect(isSameOrigin('http://localhost:5173/x', 'http://localhost:5173')).toBe(true);
    expect(isSameOrigin('http://localhost:5174/x', 'http://localhost:5173')).toBe(false);
  });

  it('never matches URLs without a host', () => {
    expect(isSameOrigin('about:blank', 'about:blank')).toBe(false);
    expect(isSameOrigin('', APP_ORIGIN)).toBe(false);
  });
});

describe('isExternalWebUrl', () => {
  it('accepts only http and https', () => {
    expect(isExternalWebUrl('https://docs.anthropic.com/')).toBe(true);
    expect(isExternalWebUrl('http://example.com')).toBe(true);
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'app://switchboard/', 'smb://host/share', 'ms-settings:']) {
      expect(isExternalWebUrl(url), url).toBe(false);
    }
  });
});
