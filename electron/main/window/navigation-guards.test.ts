import { describe, expect, it } from 'vitest';
import { APP_ORIGIN } from '../app-origin';
import { FakeWebContents } from '../testing/fake-web-contents';
import { attachNavigationGuards } from './navigation-guards';

function guardedContents(appOrigin = APP_ORIGIN) {
  const opened: string[] = [];
  const contents = new FakeWebContents();
  attachNavigationGuards(contents.asWebContents(), appOrigin, async (url) => {
    opened.push(url);
  });
  return { contents, opened };
}

describe('window open handler', () => {
  it('denies every new window', () => {
    const { contents } = guardedContents();
    for (const url of ['https://example.com', 'app://switchboard/index.html', 'about:blank', 'file:///etc/passwd']) {
      expect(contents.open(url), url).toEqual({ action: 'deny' });
    }
  });

  it('opens http and https links in the system browser', () => {
    const { contents, opened } = guardedContents();
    contents.open('https://docs.anthropic.com/en/api');
    contents.open('http://localhost:11434/');
    expect(opened).toEqual(['https://docs.anthropic.com/en/api', 'http://localhost:11434/']);
  });

  it('never hands other schemes to the operating system', () => {
    const { contents, opened } = guardedContents();
    for (const url of ['file:///Applications/Calculator.app', 'javascript:alert(1)', 'smb://attacker/share', 'ms-msdt:/id', 'app://switchboard/']) {
      contents.open(url);
    }
    expect(opened).toEqual([]);
  });
});

describe('navigation', () => {
  it('blocks navigating the window to another site', () => {
    const { contents, opened } = guardedContents();
    expect(contents.emit('will-navigate', 'https://evil.example/phish').prevented).toBe(true);
    expect(contents.emit('will-navigate', 'file:///etc/passwd').prevented).toBe(true);
    expect(opened).toEqual([]);
  });

  it('blocks redirects away from the app', () => {
    const { contents } = guardedContents();
    expect(contents.emit('will-redirect', 'https://evil.example/').prevented).toBe(true);
  });

  it('lets the app reload itself', () => {
    const { contents } = guardedContents();
    expect(contents.emit('will-navigate', 'app://switchboard/index.html').prevented).toBe(false);
  });

  it('follows the dev server origin in development', () => {
    const { contents } = guardedContents('http://localhost:5173');
    expect(contents.emit('will-navigate', 'http://localhost:5173/').prevented).toBe(false);
    expect(contents.emit('will-navigate', 'app://switchboard/index.html').prevented).toBe(true);
  });

  it('refuses to attach <webview> guests', () => {
    const { contents } = guardedContents();
    expect(contents.emit('will-attach-webview').prevented).toBe(true);
  });
});
