/**
 * Why an edit from the UI was not saved: the file on disk holds something else (a hand edit the
 * gateway rejected, or one it has not reloaded yet), which writing would erase; or the disk
 * refused the write. Either way the file is as it was, and the user is told why.
 */
import path from 'node:path';
import { GatewayError } from '../errors/gateway-error';
import type { ConfigError } from './config-error';

export function changedOnDisk(file: string, invalid?: ConfigError): GatewayError {
  const name = path.basename(file);
  const message = invalid
    ? `${name} changed on disk since it was loaded, and it does not validate (${invalid.summary()}). Nothing was saved, so your change in the file is kept: fix it (or undo it) in the file, then try again`
    : `${name} changed on disk since it was loaded. Nothing was saved: reload to see the change, then apply your edit again`;
  return new GatewayError('invalid_request', message, { status: 409, code: 'config_changed_on_disk', retryable: false });
}

/**
 * The file could not be replaced (a full disk, a read-only folder). The message says so and what
 * to do, where a bare "ENOSPC: no space left on device, write" became an anonymous 500.
 */
export function notSaved(file: string, cause: unknown): GatewayError {
  const code = cause instanceof Error && 'code' in cause ? String(cause.code) : '';
  const fix =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? 'free some space on its disk, then save again'
      : code === 'EROFS' || code === 'EACCES' || code === 'EPERM'
        ? `make ${path.dirname(file)} writable by this user, then save again`
        : 'save again';
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new GatewayError('internal', `${path.basename(file)} could not be saved (${reason}). It was left as it was: ${fix}`, { code: 'config_not_saved', retryable: false, cause });
}
