import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateLocalSecret } from './local-secrets';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sb-local-secret-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('loadOrCreateLocalSecret', () => {
  it('creates the secret on first start and returns the same one after', async () => {
    const created = await loadOrCreateLocalSecret(dir, 'admin-token', undefined, 'sbadm-');
    expect(created).toMatch(/^sbadm-[\w-]{32}$/);
    expect(await readFile(path.join(dir, 'admin-token'), 'utf8')).toBe(`${created}\n`);
    expect(await loadOrCreateLocalSecret(dir, 'admin-token', undefined, 'sbadm-')).toBe(created);
  });

  it('prefers the environment and writes nothing', async () => {
    expect(await loadOrCreateLocalSecret(dir, 'gateway-key', ' sk-sb-from-env ', 'sk-sb-')).toBe('sk-sb-from-env');
    await expect(stat(path.join(dir, 'gateway-key'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('gives an empty file (emptied by hand, or left by a start on a full disk) a new value, never an empty key', async () => {
    await writeFile(path.join(dir, 'gateway-key'), '\n');
    const key = await loadOrCreateLocalSecret(dir, 'gateway-key', undefined, 'sk-sb-');
    expect(key).toMatch(/^sk-sb-[\w-]{32}$/);
    expect(await readFile(path.join(dir, 'gateway-key'), 'utf8')).toBe(`${key}\n`);
    expect(await loadOrCreateLocalSecret(dir, 'gateway-key', undefined, 'sk-sb-')).toBe(key);
  });
});
