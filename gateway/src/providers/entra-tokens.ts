/**
 * Microsoft Entra ID access tokens for Azure providers with `auth: entra`: the OAuth 2.0 client
 * credentials grant (`POST {authorityHost}/{tenantId}/oauth2/v2.0/token`), signed in with the
 * service principal's client secret, which is the provider's credential. What LiteLLM does with
 * `tenant_id` / `client_id` / `client_secret`, without a Microsoft SDK.
 *
 * A token is shared by every call until five minutes before it expires (Entra's last an hour or
 * more), then the next call signs in again; calls that come meanwhile wait for that one sign-in.
 * Tokens live in memory only.
 */
import { request } from 'undici';
import { GatewayError } from '../errors/gateway-error';

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
const SIGN_IN_TIMEOUT_MS = 30_000;

/** What a sign-in gives: the token and its lifetime. */
export interface IssuedToken {
  accessToken: string;
  expiresInSeconds: number;
}

/** Asks Entra for a token; `provider` names the provider in errors. Injected in tests. */
export type SignIn = (provider: string, principal: EntraPrincipal, secret: string) => Promise<IssuedToken>;

interface Held {
  token: Promise<string>;
  /** When the token expires (Infinity while the sign-in runs). */
  expiresAt: number;
}

export class EntraTokens {
  private readonly held = new Map<string, Held>();

  constructor(
    private readonly signIn: SignIn = signInWithSecret,
    private readonly now: () => number = Date.now,
  ) {}

  /** A valid access token for `principal`, signed in with `secret` when none is held. */
  token(provider: string, principal: EntraPrincipal, secret: string): Promise<string> {
    const key = principalKey(principal, secret);
    const held = this.held.get(key);
    if (held && this.now() < held.expiresAt - REFRESH_BEFORE_MS) return held.token;
    const entry: Held = { token: Promise.resolve(''), expiresAt: Number.POSITIVE_INFINITY };
    entry.token = this.signIn(provider, principal, secret).then(
      (issued) => {
        entry.expiresAt = this.now() + issued.expiresInSeconds * 1000;
        return issued.accessToken;
      },
      (error: unknown) => {
        // A failed sign-in is not kept: the next call tries again.
        if (this.held.get(key) === entry) this.held.delete(key);
        throw error;
      },
    );
    this.held.set(key, entry);
    return entry.token;
  }

  /** Drops every token (a secret was set or deleted). */
  clear(): void {
    this.held.clear();
  }

  /** Drops the tokens of `principal` (Azure refused one: it may have been revoked). */
  forget(principal: EntraPrincipal): void {
    const prefix = principalKey(principal, '');
    for (const key of this.held.keys()) if (key.startsWith(prefix)) this.held.delete(key);
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
  const body = parseObject(text);
  const token = body?.access_token;
  const expiresIn = Number(body?.expires_in);
  if (status === 200 && typeof token === 'string' && token !== '' && Number.isFinite(expiresIn) && expiresIn > 0) {
    return { accessToken: token, expiresInSeconds: expiresIn };
  }
  // Entra's errors (AADSTS7000215 "Invalid client secret provided", AADSTS700016 "Application
  // ... was not found in the directory") say what to fix; they never echo the secret, but it is
  // taken out in case a proxy in between does.
  const said = typeof body?.error_description === 'string' ? body.error_description.split(/\r?\n/)[0] : typeof body?.error === 'string' ? body.error : `HTTP ${status}`;
  throw signInFailed(provider, `Microsoft Entra ID refused the sign-in: ${(said ?? '').replaceAll(secret, '[secret]')}`);
}

function signInFailed(provider: string, detail: string, cause?: unknown): GatewayError {
  // Like a key that is not set: the call fails before it is sent, and a fallback moves on.
  return new GatewayError('unavailable', `No access token for provider "${provider}": ${detail}`, { provider, code: 'credential_unavailable', cause });
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
