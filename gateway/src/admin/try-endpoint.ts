/**
 * POST /try: one chat completion through the gateway's own HTTP surface with the master key, so
 * the test prompt takes exactly the path a client's request takes (auth, limits, cache, routing,
 * fallbacks, logging). The answer combines the response, its x-switchboard-* headers and the
 * log row (attempts, cost).
 */
import type { Router } from 'express';
import { request } from 'undici';
import { z } from 'zod';
import { GatewayError } from '../errors/gateway-error';
import type { LogRecord } from '../store/log-types';
import type { TryResultDto } from './api-types';
import type { AdminDeps } from './deps';
import { parseInput } from './http-helpers';

const TRY_TIMEOUT_MS = 120_000;
/** The log row is written just after the response ends; wait this long for it. */
const ROW_WAIT_MS = 2000;

const trySchema = z.object({
  model: z.string().trim().min(1).max(200),
  prompt: z.string().min(1).max(100_000),
  system: z.string().max(100_000).optional(),
  maxTokens: z.number().int().positive().max(100_000).optional(),
  metadata: z.record(z.string(), z.string()).optional(),
});

const header = (headers: Record<string, string | string[] | undefined>, name: string): string | null => {
  const value = headers[name];
  return typeof value === 'string' ? value : null;
};

const completionSchema = z.object({ choices: z.array(z.object({ message: z.object({ content: z.string().nullable().optional() }).optional() })).optional() });
const errorSchema = z.object({ error: z.object({ message: z.string() }) });

async function logRow(deps: AdminDeps, id: string | null): Promise<LogRecord | undefined> {
  if (id === null) return undefined;
  const deadline = Date.now() + ROW_WAIT_MS;
  for (;;) {
    const row = await deps.logs.get(id);
    if (row || Date.now() > deadline) return row;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function registerTryEndpoint(api: Router, deps: AdminDeps): void {
  api.post('/try', async (req, res) => {
    const input = parseInput(trySchema, req.body, 'try request');
    const messages = [...(input.system ? [{ role: 'system', content: input.system }] : []), { role: 'user', content: input.prompt }];
    const started = performance.now();
    let response;
    try {
      response = await request(`${deps.selfUrl()}/v1/chat/completions`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${deps.apiKey}`,
          'content-type': 'application/json',
          'x-switchboard-metadata': JSON.stringify({ ...input.metadata, source: 'admin-try' }),
          // The log names the app behind each call from this (admin/client-app.ts).
          'user-agent': `switchboard-try/${deps.version ?? 'dev'}`,
        },
        body: JSON.stringify({ model: input.model, messages, ...(input.maxTokens ? { max_tokens: input.maxTokens } : {}) }),
        signal: AbortSignal.timeout(TRY_TIMEOUT_MS),
      });
    } catch (cause) {
      throw new GatewayError('unavailable', 'The gateway did not answer its own test request', { code: 'try_failed', cause });
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
    const content = ok ? completionSchema.safeParse(json).data?.choices?.[0]?.message?.content : undefined;
    const result: TryResultDto = {
      status: response.statusCode,
      text: content ?? null,
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
    res.json(result);
  });
}
