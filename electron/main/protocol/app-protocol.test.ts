import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CustomScheme } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler, registerAppScheme, resolveInsideRoot, type AppProtocolHandler } from './app-protocol';

let base: string;
let root: string;
let handler: AppProtocolHandler;
let csp = "connect-src 'none'";

beforeAll(async () => {
  // base/secret.txt sits next to the served root, where a traversal would land.
  base = await mkdtemp(join(tmpdir(), 'switchboard-app-protocol-'));
  root = join(base, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Switchboard</title>');
  await writeFile(join(root, 'assets', 'index-abc.js'), 'console.log("hi")');
  await writeFile(join(root, 'assets', 'index-abc.css'), 'body{}');
  await writeFile(join(root, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(join(base, 'secret.txt'), 'top secret');
  handler = createAppProtocolHandler({ root, contentSecurityPolicy: () => csp });
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

describe('app:// protocol handler', () => {
  it('serves index.html for the entry URL and for the bare origin', async () => {
    for (const url of ['app://switchboard/index.html', 'app://switchboard/', 'app://switchboard']) {
      const response = await get(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await response.text()).toContain('<title>Switchboard</title>');
    }
  });

  it('serves assets with the MIME types module scripts and stylesheets require', async () => {
    const js = await get('app://switchboard/assets/index-abc.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log("hi")');
    expect((await get('app://switchboard/assets/index-abc.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await get('app://switchboard/assets/logo.svg')).headers.get('content-type')).toBe('image/svg+xml');
  });

  it('sends the current CSP and nosniff with every file', async () => {
    csp = "connect-src http://127.0.0.1:4000";
    const response = await get('app://switchboard/index.html');
    expect(response.headers.get('content-security-policy')).toBe('connect-src http://127.0.0.1:4000');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses percent-encoded path traversal out of the renderer folder', async () => {
    for (const url of [
      'app://switchboard/..%2fsecret.txt',
      'app://switchboard/assets/..%2f..%2fsecret.txt',
      'app://switchboard/..%5csecret.txt',
      'app://switchboard/%2e%2e%2fsecret.txt',
    ]) {
      const response = await get(url);
      expect(response.status, url).not.toBe(200);
      expect(await response.text(), url).not.toContain('top secret');
    }
    expect((await get('app://switchboard/..%2fsecret.txt')).status).toBe(403);
  });

  it('never serves files outside the root through dot segments', async () => {
    // The URL parser folds these before the handler sees them; the result must stay inside root.
    for (const url of ['app://switchboard/../secret.txt', 'app://switchboard/%2e%2e/secret.txt', 'app://switchboard/assets/../../secret.txt']) {
      const response = await get(url);
      expect(await response.text(), url).not.toContain('top secret');
    }
  });

  it('answers 404 for missing files and for other hosts', async () => {
    expect((await get('app://switchboard/missing.js')).status).toBe(404);
    expect((await get('app://elsewhere/index.html')).status).toBe(404);
  });

  it('accepts only GET and HEAD', async () => {
    expect((await get('app://switchboard/index.html', 'POST')).status).toBe(405);
    const head = await get('app://switchboard/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});

describe('resolveInsideRoot', () => {
  it('rejects null bytes and malformed escapes', () => {
    expect(resolveInsideRoot('/srv/app', '/index.html%00.js')).toBeUndefined();
    expect(resolveInsideRoot('/srv/app', '/%E0%A4%A')).toBeUndefined();
  });

  it('maps the root path to index.html', () => {
    expect(resolveInsideRoot('/srv/app', '/')).toBe(join('/srv/app', 'index.html'));
  });
});

describe('registerAppScheme', () => {
  it('registers app:// as a standard, secure scheme without opening it to cross-origin reads', () => {
    const registered: CustomScheme[] = [];
    registerAppScheme({ registerSchemesAsPrivileged: (schemes) => void registered.push(...schemes) });
    expect(registered).toHaveLength(1);
    expect(registered[0]?.scheme).toBe('app');
    expect(registered[0]?.privileges).toMatchObject({ standard: true, secure: true, supportFetchAPI: true });
    expect(registered[0]?.privileges?.corsEnabled).toBeFalsy();
    expect(registered[0]?.privileges?.bypassCSP).toBeFalsy();
  });
});
