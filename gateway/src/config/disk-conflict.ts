/**
 * The refusal for an edit made from the applied config text when the file on disk holds
 * something else (a hand edit the gateway rejected, or one it has not reloaded yet). Writing
 * would erase what the user saved, so nothing is written and they are told why.
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
