/**
 * The renderer's only way to reach the gateway: plain HTTP to its base URL, with the admin token
 * as a bearer for admin calls. Pages add methods here (admin API, SSE) rather than calling fetch.
 */

export type GatewayHealth =
  | { status: 'running'; checkedAt: number }
  | { status: 'unreachable'; reason: string; checkedAt: number };

export interface GatewayClientOptions {
  /** Injected in tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: () => number;
}

const DEFAULT_TIMEOUT_MS = 5_000;

export class GatewayClient {
  readonly baseUrl: string;
  private readonly token: string | null;
  private readonly options: GatewayClientOptions;

  constructor(baseUrl: string, token: string | null, options: GatewayClientOptions = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.token = token;
    this.options = options;
  }

  /** Liveness (`GET /health`). Never throws: an unreachable gateway is a state the UI shows. */
  async health(): Promise<GatewayHealth> {
    const now = this.options.now ?? Date.now;
    try {
      // No token: liveness is public, and an Authorization header would force a CORS preflight.
      const response = await this.send('/health', { method: 'GET' }, { auth: false });
      if (response.ok) return { status: 'running', checkedAt: now() };
      return { status: 'unreachable', reason: `HTTP ${response.status}`, checkedAt: now() };
    } catch (error) {
      return { status: 'unreachable', reason: describeFailure(error), checkedAt: now() };
    }
  }

  /** One request to the gateway: base URL, bearer token (unless `auth: false`) and a timeout. */
  protected async send(path: string, init: RequestInit, { auth = true }: { auth?: boolean } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (auth && this.token) headers.set('authorization', `Bearer ${this.token}`);
    const doFetch = this.options.fetch ?? globalThis.fetch.bind(globalThis);
    return doFetch(`${this.baseUrl}${path}`, {
      ...init,
      headers,
      signal: init.signal ?? AbortSignal.timeout(this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return 'timed out';
  }
  // fetch reports refused connections, DNS and CORS failures alike as a TypeError.
  return 'no response';
}
