import type { Authenticator, KeyIdentity } from '../server/auth';

/**
 * Tries several authenticators in order; the first that knows the token wins. The gateway
 * uses [master key, key store]: the master key (SWITCHBOARD_API_KEY or the data dir's) keeps
 * working beside the keys created in the UI.
 */
export class CompositeAuthenticator implements Authenticator {
  constructor(private readonly authenticators: readonly Authenticator[]) {}

  authenticate(token: string): KeyIdentity | undefined {
    for (const authenticator of this.authenticators) {
      const identity = authenticator.authenticate(token);
      if (identity) return identity;
    }
    return undefined;
  }
}
