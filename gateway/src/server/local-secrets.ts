import { randomBytes } from 'node:crypto';
import { chmod, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

const isErrno = (error: unknown, code: string): boolean => (error as NodeJS.ErrnoException | undefined)?.code === code;

/**
 * Returns the value of a gateway-owned secret (the gateway key, the admin token): from the
 * environment when set there, else from a file in the data dir, created with mode 0600 on
 * first start. An empty file gets a new value: an empty key or token matches nothing, so the
 * gateway would start with nothing able to sign in.
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
    // Emptied by hand, or left by a first start that could not write it (a full disk).
    await unlink(file);
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
  const value = `${prefix}${randomBytes(24).toString('base64url')}`;
  // 'wx' fails if another process created it meanwhile; then read theirs.
  try {
    await writeFile(file, `${value}\n`, { mode: 0o600, flag: 'wx' });
    return value;
  } catch (error) {
    if (isErrno(error, 'EEXIST')) return (await readFile(file, 'utf8')).trim();
    // Created but not written: leave no empty file behind for the next start to trip on.
    await unlink(file).catch(() => undefined);
    throw error;
  }
}
