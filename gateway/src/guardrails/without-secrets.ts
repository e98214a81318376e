import { jwt } from './detectors/jwt';
import { privateKey } from './detectors/private-key';
import { secretDetectors } from './detectors/secrets';
import { DetectorSet } from './scanner';

/**
 * Provider keys, tokens (the gateway's own `sk-sb-` keys among them) and private keys, as the
 * PII guardrail finds them, for text the gateway keeps that came from outside and should hold
 * none: the audit log's entries, the User-Agent a request log row keeps.
 */
const SECRETS = new DetectorSet([privateKey, jwt, ...secretDetectors]);

/** `text` with anything shaped like a secret replaced by `[secret]` (upstream-error.ts `withoutSecrets` removes known values instead). */
export function withoutSecretShapes(text: string): string {
  const found = SECRETS.find(text);
  if (found.length === 0) return text;
  let out = '';
  let from = 0;
  for (const match of found) {
    out += `${text.slice(from, match.start)}[secret]`;
    from = match.end;
  }
  return out + text.slice(from);
}
