/** Rules every SecretStore applies to names and values, and the one way to show a value. */
import { GatewayError } from '../errors/gateway-error';

/** Names double as keychain account names and env-var suffixes, so they stay plain. */
export const SECRET_NAME = /^[A-Za-z0-9._-]{1,64}$/;

/** Generous for API keys and JSON service-account blobs; stops pasting a whole file by mistake. */
export const MAX_SECRET_LENGTH = 16_384;

const MIN_LENGTH_TO_HINT = 12;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** Throws GatewayError invalid_request unless the name is valid. */
export function assertSecretName(name: string): void {
  // The offending name is not echoed: people paste a key where the name belongs.
  if (typeof name !== 'string' || !SECRET_NAME.test(name)) {
    throw new GatewayError('invalid_request', 'a secret name is 1 to 64 letters, digits, ".", "_" or "-"', {
      code: 'invalid_secret_name',
      param: 'name',
      retryable: false,
    });
  }
}

/** Throws GatewayError invalid_request for an empty or oversized value. */
export function assertSecretValue(value: string): void {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_SECRET_LENGTH) {
    throw new GatewayError('invalid_request', `a secret value is 1 to ${MAX_SECRET_LENGTH} characters`, {
      code: 'invalid_secret_value',
      param: 'value',
      retryable: false,
    });
  }
}

/** The last four characters (code points, so an emoji is not cut in half), or '' for short values. */
export function lastFour(value: string): string {
  const chars = Array.from(value);
  return chars.length < MIN_LENGTH_TO_HINT ? '' : chars.slice(-4).join('');
}

/** Thrown by read-only stores on set and delete. */
export function readOnlyError(backend: string): GatewayError {
  return new GatewayError('permission', `the ${backend} secret store is read-only`, {
    code: 'secret_store_read_only',
    retryable: false,
  });
}
