/**
 * The admin API over real HTTP, in front of the standard harness. Uses the gateway's own
 * `/admin/api` once startGateway wires every AdminDeps field; until then (or when a suite
 * swaps in fakes) it mounts createAdminApp on its own loopback port with the running gateway's
 * objects, so the suites exercise the same config manager, stores and event bus.
 * Every response body is kept in `transcript`, for "no secret ever comes back" assertions.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { request } from 'undici';
import { createAdminApp } from '../../gateway/src/admin/admin-app';
import type { AdminDeps } from '../../gateway/src/admin/deps';
import { openDatabase } from '../../gateway/src/store/database';
import { KEYS, startHarness } from './harness';
import type { Harness } from './harness';

export interface AdminResponse<T = unknown> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
  text: string;
}

export interface AdminClient {
  url: string;
  token: string;
  /** Every response text so far. */
  transcript: string[];
  call<T = unknown>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, options?: { token?: string | null; headers?: Record<string, string> }): Promise<AdminResponse<T>>;
}

export interface AdminHarness {
  h: Harness;
  admin: AdminClient;
  /** Whether the admin API is the gateway's own (wired) or mounted beside it by this helper. */
  wired: boolean;
  close(): Promise<void>;
}

function client(url: string, token: string): AdminClient {
  const transcript: string[] = [];
  return {
    url,
    token,
    transcript,
    async call(method, route, body, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      const bearer = options.token === undefined ? token : options.token;
      if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await request(`${url}/admin/api${route}`, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
      const text = await response.body.text();
      transcript.push(text);
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // Not JSON (kept as text).
      }
      return { status: response.statusCode, headers: response.headers, body: parsed as never, text };
    },
  };
}

/** The gateway's own admin API is fully wired when its stats answer (they need the database dep, wired last). */
async function isWired(h: Harness): Promise<boolean> {
  const response = await request(`${h.gateway.url}/admin/api/stats/overview`, { headers: { authorization: `Bearer ${h.gateway.adminToken}` } });
  await response.body.text();
  return response.statusCode === 200;
}

export interface AdminHarnessOptions {
  config?: NonNullable<Parameters<typeof startHarness>[0]>['config'];
  env?: NodeJS.ProcessEnv;
  /** Mount the admin app beside the gateway even when the gateway serves one, with these deps changed (fakes of optional modules). */
  deps?: Partial<AdminDeps>;
}

export async function startAdminHarness(options: AdminHarnessOptions = {}): Promise<AdminHarness> {
  const h = await startHarness({ config: options.config, env: options.env });
  if (options.deps === undefined && (await isWired(h))) {
    return { h, admin: client(h.gateway.url, h.gateway.adminToken), wired: true, close: () => h.close() };
  }
  const db = openDatabase(path.join(h.dataDir, 'switchboard.db'));
  const deps: AdminDeps = {
    adminToken: h.gateway.adminToken,
    apiKey: h.gateway.apiKey,
    config: h.gateway.config,
    logs: h.gateway.logs,
    db,
    providers: h.gateway.providers,
    secrets: h.secrets,
    events: h.gateway.events,
    env: { TEST_GEMINI_KEY: KEYS.gemini, TEST_LOCAL_KEY: KEYS.openai, ...options.env },
    selfUrl: () => h.gateway.url,
    dataDir: h.dataDir,
    startedAt: Date.now(),
    version: 'test',
    keys: h.gateway.keys,
    budgets: h.gateway.budgets,
    sseKeepAliveMs: 200,
    ...options.deps,
  };
  const server = createServer(createAdminApp(deps));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    h,
    admin: client(url, h.gateway.adminToken),
    wired: false,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
      await h.close();
    },
  };
}
