/**
 * GET /logs (filters + cursor paging, newest first), GET /logs/:id (attempts, bodies if stored)
 * and POST /logs/:id/replay (the logged call sent again, to the same or another model).
 */
import type { Router } from 'express';
import { z } from 'zod';
import { GatewayError } from '../errors/gateway-error';
import { parseJsonObject } from '../formats/json-object';
import { logQuerySchema } from '../store/log-query';
import type { LogRecord } from '../store/log-types';
import { answerText } from './answer-text';
import type { LogPageDto, LogRowDto, ReplayRequestDto, ReplayResultDto } from './api-types';
import type { AdminDeps } from './deps';
import { notFound, param, parseInput } from './http-helpers';
import { callSelf, type SelfCallShape } from './self-call';

const replaySchema: z.ZodType<ReplayRequestDto> = z.object({ model: z.string().trim().min(1).max(200).optional() });
/** The endpoints whose calls replay: the chat shapes (an embedding has no answer to compare). */
const replayShapes: Partial<Record<LogRecord['endpoint'], SelfCallShape>> = { chat: 'chat', messages: 'messages', responses: 'responses', generate_content: 'generate_content' };

/** The stored record is the wire row; this pins the two types together at compile time. */
export const toLogRowDto = (record: LogRecord): LogRowDto => record;

export function registerLogEndpoints(api: Router, deps: AdminDeps): void {
  api.get('/logs', async (req, res) => {
    const query = parseInput(logQuerySchema, req.query, 'log query');
    const page = await deps.logs.query(query);
    const body: LogPageDto = { rows: page.rows.map(toLogRowDto), nextCursor: page.nextCursor };
    res.json(body);
  });

  api.get('/logs/:id', async (req, res) => {
    const record = await deps.logs.get(param(req.params.id));
    if (!record) throw notFound('No request with that id', 'log_not_found');
    res.json(toLogRowDto(record));
  });

  api.post('/logs/:id/replay', async (req, res) => {
    const input = parseInput(replaySchema, req.body ?? {}, 'replay request');
    const record = await deps.logs.get(param(req.params.id));
    if (!record) throw notFound('No request with that id', 'log_not_found');
    const call = replayCall(record, input.model);
    const body: ReplayResultDto = {
      ...(await callSelf(deps, call)),
      original: { text: (record.responseBody === null ? undefined : answerText(call.shape, record.responseBody)) ?? null, model: record.model, latencyMs: record.latencyMs, costUsd: record.costUsd },
    };
    res.json(body);
  });
}

/** A replay may wait for a long answer: it is asked for whole, where the call may have streamed for minutes. */
const REPLAY_TIMEOUT_MS = 10 * 60_000;

/**
 * The logged call as a new one: its body as logged (after the PII guardrail: any placeholders go
 * as they are), to `model` (default: the one it asked for), answered whole rather than streamed,
 * never from or into the cache (its point is a fresh answer), stored nowhere upstream, and
 * without the caller's `user` and `metadata`, so its spend and limits are not theirs. The request
 * headers the row kept go again (the `anthropic-beta` a Claude Code call relied on, its timeout
 * and retry controls), but for caching: a replay is `cache-control: no-store`.
 */
function replayCall(record: LogRecord, model: string | undefined): Parameters<typeof callSelf>[1] {
  const shape = replayShapes[record.endpoint];
  if (shape === undefined) throw new GatewayError('invalid_request', 'Only chat calls can be replayed (Chat Completions, Messages, Responses and Gemini generateContent)', { code: 'not_replayable' });
  if (record.requestBody === null) {
    throw new GatewayError('invalid_request', "This call's request body was not logged: turn on server.logBodies (Settings, “Log request bodies”) to replay the calls made after it", { status: 409, code: 'body_not_logged' });
  }
  const body = parseJsonObject(record.requestBody);
  if (!body) {
    throw new GatewayError('invalid_request', 'The logged request body was cut at server.maxLoggedBodyBytes, so it cannot be sent again; raise that limit to replay calls this large', { status: 409, code: 'body_cut' });
  }
  // Sent again, it would add to the conversation the call belonged to.
  if (body.conversation !== undefined) throw new GatewayError('invalid_request', 'A call made in a Responses API conversation cannot be replayed: it would add to that conversation', { code: 'not_replayable' });
  for (const name of ['stream', 'stream_options', 'user', 'metadata']) delete body[name];
  if (shape === 'responses' || body.store !== undefined) body.store = false;
  if (body.background !== undefined) body.background = false;
  // A Gemini-shaped body names no model (its URL did): the alias asked for is the default.
  body.model = model ?? (shape === 'generate_content' ? record.alias : body.model);
  return { shape, body, metadata: { source: 'admin-replay', replay_of: record.id }, agent: 'switchboard-replay', headers: Object.assign({}, record.requestHeaders, { 'cache-control': 'no-store' }), timeoutMs: REPLAY_TIMEOUT_MS };
}
