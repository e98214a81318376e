/**
 * A call through the gateway's own HTTP surface with the master key, as the admin API makes it for
 * the Try panel and for replaying a logged call: the request takes exactly the path a client's
 * takes (auth, limits, cache, routing, fallbacks, logging). The answer combines the response, its
 * x-switchboard-* headers and the call's log row (attempts, cost).
 */
import { request } from 'undici';
import { z } from 'zod';
import { GatewayError } from '../errors/gateway-error';
import type { LogRecord } from '../store/log-types';
import type { TryResultDto } from './api-types';
import { answerText, type SelfCallShape } from './answer-text';
import type { AdminDeps } from './deps';

const TIMEOUT_MS = 120_000;
/** The log row is written just after the response ends; wait this long for it. */
const ROW_WAIT_MS = 2000;

export type { SelfCallShape } from './answer-text';

const paths: Record<Exclude<SelfCallShape, 'generate_content'>, string> = { chat: '/v1/chat/completions', messages: '/v1/messages', responses: '/v1/responses' };

/** Where a call goes, and its body: a Gemini-shaped call names its model in the path, not the body. */
function wire(call: SelfCall): { path: string; body: Record<string, unknown> } {
  if (call.shape !== 'generate_content') return { path: paths[call.shape], body: call.body };
  const { model, ...body } = call.body;
  return { path: `/v1beta/models/${encodeURIComponent(String(model))}:generateContent`, body };
}

export interface SelfCall {
  shape: SelfCallShape;
  /** With its `model`, for every shape (a Gemini-shaped call's goes into the path). */
  body: Record<string, unknown>;
  metadata: Record<string, string>;
  /** Names the caller in the log's app column (admin/client-app.ts), e.g. `switchboard-try`. */
  agent: string;
  /** Extra request headers (a replay's logged ones, and its `cache-control`). */
  headers?: Record<string, string>;
  /** How long to wait for the whole answer (default 2 minutes). */
  timeoutMs?: number;
}

const errorSchema = z.object({ error: z.object({ message: z.string() }) });

const header = (headers: Record<string, string | string[] | undefined>, name: string): string | null => {
  const value = headers[name];
  return typeof value === 'string' ? value : null;
};

async function logRow(deps: AdminDeps, id: string | null): Promise<LogRecord | undefined> {
  if (id === null) return undefined;
  const deadline = Date.now() + ROW_WAIT_MS;
  for (;;) {
    const row = await deps.logs.get(id);
    if (row || Date.now() > deadline) return row;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function callSelf(deps: AdminDeps, call: SelfCall): Promise<TryResultDto> {
  const started = performance.now();
  const { path, body } = wire(call);
  let response;
  try {
    response = await request(`${deps.selfUrl()}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${deps.apiKey}`,
        'content-type': 'application/json',
        'x-switchboard-metadata': JSON.stringify(call.metadata),
        'user-agent': `${call.agent}/${deps.version ?? 'dev'}`,
        ...call.headers,
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(call.timeoutMs ?? TIMEOUT_MS),
    });
  } catch (cause) {
    const late = cause instanceof Error && cause.name === 'TimeoutError';
    throw new GatewayError('unavailable', late ? `The gateway's answer to its own request took longer than ${Math.round((call.timeoutMs ?? TIMEOUT_MS) / 1000)} s` : 'The gateway did not answer its own request', { code: 'try_failed', cause });
  }
  const text = await response.body.text();
  const latencyMs = Math.round(performance.now() - started);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const ok = response.statusCode < 400;
  const requestId = header(response.headers, 'x-switchboard-request-id');
  const row = await logRow(deps, requestId);
  return {
    status: response.statusCode,
    text: (ok ? answerText(call.shape, json) : undefined) ?? null,
    error: ok ? null : (errorSchema.safeParse(json).data?.error.message ?? `HTTP ${response.statusCode}`),
    requestId,
    // The row first: it holds names as written, where headers percent-encode non-ASCII ones.
    route: row?.route ?? header(response.headers, 'x-switchboard-route'),
    provider: row?.provider ?? header(response.headers, 'x-switchboard-provider'),
    model: row?.model ?? header(response.headers, 'x-switchboard-model'),
    attempts: row?.attempts ?? [],
    latencyMs: row?.latencyMs ?? latencyMs,
    costUsd: row?.costUsd ?? Number(header(response.headers, 'x-switchboard-cost-usd') ?? 0),
  };
}
