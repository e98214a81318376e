import { randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Returns the value of a gateway-owned secret (the gateway key, the admin token): from the
 * environment when set there, else from a file in the data dir, created with mode 0600 on
 * first start.
 */
export async function loadOrCreateLocalSecret(dataDir: string, fileName: string, envValue: string | undefined, prefix: string): Promise<string> {
  if (envValue !== undefined && envValue.trim() !== '') return envValue.trim();
  const file = path.join(dataDir, fileName);
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing !== '') {
      await chmod(file, 0o600);
      return existing;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const value = `${prefix}${randomBytes(24).toString('base64url')}`;
  // 'wx' fails if another process created it meanwhile; then read theirs.
  try {
    await writeFile(file, `${value}\n`, { mode: 0o600, flag: 'wx' });
    return value;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return (await readFile(file, 'utf8')).trim();
    throw error;
  }
}
