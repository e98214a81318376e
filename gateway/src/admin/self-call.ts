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
import type { AdminDeps } from './deps';

const TIMEOUT_MS = 120_000;
/** The log row is written just after the response ends; wait this long for it. */
const ROW_WAIT_MS = 2000;

/** Which of the gateway's chat endpoints, and so which body shape, a call speaks. */
export type SelfCallShape = 'chat' | 'messages' | 'responses';

const paths: Record<SelfCallShape, string> = { chat: '/v1/chat/completions', messages: '/v1/messages', responses: '/v1/responses' };

export interface SelfCall {
  shape: SelfCallShape;
  body: Record<string, unknown>;
  metadata: Record<string, string>;
  /** Names the caller in the log's app column (admin/client-app.ts), e.g. `switchboard-try`. */
  agent: string;
  /** Extra request headers (a replay's `cache-control`). */
  headers?: Record<string, string>;
  /** How long to wait for the whole answer (default 2 minutes). */
  timeoutMs?: number;
}

const chatAnswer = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable().optional(), tool_calls: z.array(z.object({ function: z.object({ name: z.string(), arguments: z.string() }) })).optional() }).optional() })),
});
const part = z.object({ type: z.string(), text: z.string().optional(), name: z.string().optional(), input: z.unknown().optional(), arguments: z.string().optional() });

/**
 * What an answer said, as text: its text, then any tool calls as `name(arguments)` lines (an
 * answer may be nothing but tool calls). Only the first choice of a Chat Completions answer.
 */
const textOf: Record<SelfCallShape, (json: unknown) => string | undefined> = {
  chat: (json) => {
    const message = chatAnswer.safeParse(json).data?.choices[0]?.message;
    if (!message) return undefined;
    return joined([message.content ?? undefined, ...(message.tool_calls ?? []).map((call) => toolLine(call.function.name, call.function.arguments))]);
  },
  messages: (json) => fromParts(z.object({ content: z.array(part) }).safeParse(json).data?.content),
  responses: (json) =>
    fromParts(z.object({ output: z.array(part.extend({ content: z.array(part).optional() })) }).safeParse(json).data?.output.flatMap((item) => (item.type === 'message' ? (item.content ?? []) : [item]))),
};

function fromParts(parts: Array<z.infer<typeof part>> | undefined): string | undefined {
  if (!parts) return undefined;
  return joined(
    parts.map((p) => {
      if ((p.type === 'text' || p.type === 'output_text') && p.text !== undefined) return p.text;
      if (p.type === 'tool_use' && p.name !== undefined) return toolLine(p.name, JSON.stringify(p.input ?? {}));
      if (p.type === 'function_call' && p.name !== undefined) return toolLine(p.name, p.arguments ?? '');
      return undefined;
    }),
  );
}

const toolLine = (name: string, args: string): string => `\n→ ${name}(${args})`;

function joined(texts: Array<string | undefined>): string | undefined {
  const text = texts.filter((t) => t !== undefined && t !== '').join('').trim();
  return text === '' ? undefined : text;
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
  let response;
  try {
    response = await request(`${deps.selfUrl()}${paths[call.shape]}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${deps.apiKey}`,
        'content-type': 'application/json',
        'x-switchboard-metadata': JSON.stringify(call.metadata),
        'user-agent': `${call.agent}/${deps.version ?? 'dev'}`,
        ...call.headers,
      },
      body: JSON.stringify(call.body),
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
    text: (ok ? textOf[call.shape](json) : undefined) ?? null,
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
