/**
 * Microsoft Entra ID access tokens for Azure providers with `auth: entra`: the OAuth 2.0 client
 * credentials grant (`POST {authorityHost}/{tenantId}/oauth2/v2.0/token`), signed in with the
 * service principal's client secret, which is the provider's credential. What LiteLLM does with
 * `tenant_id` / `client_id` / `client_secret`, without a Microsoft SDK.
 *
 * A token is shared by every call (Entra's last an hour or more); in its last five minutes one
 * sign-in in the background replaces it, so no call waits for a refresh. Calls that find no token
 * share one sign-in. Tokens live in memory only.
 */
import { request } from 'undici';
import { GatewayError } from '../errors/gateway-error';
import { parseJsonObject } from '../formats/json-object';

export interface EntraPrincipal {
  tenantId: string;
  clientId: string;
  authorityHost?: string;
  scope?: string;
}

export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';
export const DEFAULT_ENTRA_SCOPE = 'https://cognitiveservices.azure.com/.default';
/** A token this close to its expiry is not handed out: a long call must not outlive it. */
const REFRESH_BEFORE_MS = 5 * 60_000;
/** Entra answers in well under a second; a call waiting for it gives up sooner anyway (its own timeout, see ProviderRegistry). */
const SIGN_IN_TIMEOUT_MS = 15_000;

/** What a sign-in gives: the token and its lifetime. */
export interface IssuedToken {
  accessToken: string;
  expiresInSeconds: number;
}

/** Asks Entra for a token; `provider` names the provider in errors. Injected in tests. */
export type SignIn = (provider: string, principal: EntraPrincipal, secret: string) => Promise<IssuedToken>;

/** How long a refused sign-in is answered from memory: retries (the caller's, a route's) must not each ask Entra again. */
const REFUSAL_MEMORY_MS = 30_000;
/** A token younger than this is kept when Azure refuses it: a principal missing its role is refused every time, and signing in again will not change that. */
const MIN_TOKEN_AGE_TO_FORGET_MS = 60_000;

/** One principal's token state. */
interface Held {
  /** The current token, resolved (the same promise for every call that uses it). */
  ready?: Promise<string>;
  value?: string;
  issuedAt: number;
  expiresAt: number;
  /** The sign-in under way. */
  pending?: Promise<string>;
  /** A refusal, answered again until `refusedUntil`. */
  refusal?: unknown;
  refusedUntil: number;
}

export class EntraTokens {
  private readonly held = new Map<string, Held>();

  constructor(
    private readonly signIn: SignIn = signInWithSecret,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * A valid access token for `principal`, signed in with `secret` when none is held. In its last
   * five minutes a token is still handed out while one sign-in, in the background, replaces it;
   * should that fail, the old token serves until it expires.
   */
  token(provider: string, principal: EntraPrincipal, secret: string): Promise<string> {
    const key = principalKey(principal, secret);
    let state = this.held.get(key);
    if (!state) {
      state = { issuedAt: 0, expiresAt: 0, refusedUntil: 0 };
      this.held.set(key, state);
    }
    const now = this.now();
    if (state.ready && now < state.expiresAt) {
      if (now >= state.expiresAt - REFRESH_BEFORE_MS && !state.pending && now >= state.refusedUntil) this.refresh(state, provider, principal, secret).catch(() => undefined);
      return state.ready;
    }
    if (state.pending) return state.pending;
    if (state.refusal !== undefined && now < state.refusedUntil) return Promise.reject(state.refusal);
    return this.refresh(state, provider, principal, secret);
  }

  /** The tokens held for `principal` (to redact them from what a provider says); never signs in. */
  tokensOf(principal: EntraPrincipal): string[] {
    const prefix = principalKey(principal, '');
    const tokens: string[] = [];
    for (const [key, state] of this.held) if (key.startsWith(prefix) && state.value !== undefined) tokens.push(state.value);
    return tokens;
  }

  /** Drops every token (a secret was set or deleted). */
  clear(): void {
    this.held.clear();
  }

  /**
   * Azure refused a token of `principal` (it may have been revoked): the next call signs in
   * again, unless the token is under a minute old, which a new one would not change.
   */
  forget(principal: EntraPrincipal): void {
    const prefix = principalKey(principal, '');
    const now = this.now();
    for (const [key, state] of this.held) {
      if (key.startsWith(prefix) && now - state.issuedAt >= MIN_TOKEN_AGE_TO_FORGET_MS && !state.pending) this.held.delete(key);
    }
  }

  private refresh(state: Held, provider: string, principal: EntraPrincipal, secret: string): Promise<string> {
    const pending = this.signIn(provider, principal, secret).then(
      (issued) => {
        const now = this.now();
        state.value = issued.accessToken;
        state.ready = Promise.resolve(issued.accessToken);
        state.issuedAt = now;
        state.expiresAt = now + issued.expiresInSeconds * 1000;
        state.pending = undefined;
        state.refusal = undefined;
        return issued.accessToken;
      },
      (error: unknown) => {
        state.pending = undefined;
        // Entra said no (a wrong or expired secret): remembered briefly. An unreachable Entra is not.
        if (error instanceof GatewayError && !error.retryable) {
          state.refusal = error;
          state.refusedUntil = this.now() + REFUSAL_MEMORY_MS;
        }
        throw error;
      },
    );
    state.pending = pending;
    return pending;
  }
}

/** The token cache's key: the principal, and its secret last, so that a rotated secret signs in anew. */
function principalKey(principal: EntraPrincipal, secret: string): string {
  return `${principal.authorityHost ?? DEFAULT_AUTHORITY_HOST}\n${principal.tenantId}\n${principal.clientId}\n${principal.scope ?? DEFAULT_ENTRA_SCOPE}\n${secret}`;
}

/** The client credentials grant against Entra's v2.0 token endpoint. */
export async function signInWithSecret(provider: string, principal: EntraPrincipal, secret: string): Promise<IssuedToken> {
  const authority = (principal.authorityHost ?? DEFAULT_AUTHORITY_HOST).replace(/\/+$/, '');
  const url = `${authority}/${encodeURIComponent(principal.tenantId)}/oauth2/v2.0/token`;
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: principal.clientId, client_secret: secret, scope: principal.scope ?? DEFAULT_ENTRA_SCOPE });
  let status: number;
  let text: string;
  try {
    const response = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
      headersTimeout: SIGN_IN_TIMEOUT_MS,
      bodyTimeout: SIGN_IN_TIMEOUT_MS,
    });
    status = response.statusCode;
    text = await response.body.text();
  } catch (cause) {
    throw signInFailed(provider, `could not reach ${authority} (${cause instanceof Error ? cause.message : String(cause)})`, cause);
  }
  const body = parseJsonObject(text);
  const token = body?.access_token;
  const expiresIn = Number(body?.expires_in);
  if (status === 200 && typeof token === 'string' && token !== '' && Number.isFinite(expiresIn) && expiresIn > 0) {
    return { accessToken: token, expiresInSeconds: expiresIn };
  }
  // Entra's errors (AADSTS7000215 "Invalid client secret provided", AADSTS700016 "Application
  // ... was not found in the directory") say what to fix; they never echo the secret, but it is
  // taken out in case a proxy in between does.
  const said = typeof body?.error_description === 'string' ? body.error_description.split(/\r?\n/)[0] : typeof body?.error === 'string' ? body.error : `HTTP ${status}`;
  // The secret went form-encoded; an echo may carry it either way.
  const echoed = [secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)];
  const detail = echoed.reduce((text, form) => text.replaceAll(form, '[secret]'), said ?? '');
  throw signInFailed(provider, `Microsoft Entra ID refused the sign-in: ${detail}`, undefined, false);
}

/**
 * Like a key that is not set: the call fails before it is sent, and a fallback moves on. A
 * refusal is not retryable (the same secret is refused again); an unreachable Entra is.
 */
function signInFailed(provider: string, detail: string, cause?: unknown, retryable = true): GatewayError {
  return new GatewayError('unavailable', `No access token for provider "${provider}": ${detail}`, { provider, code: 'credential_unavailable', cause, retryable });
}
