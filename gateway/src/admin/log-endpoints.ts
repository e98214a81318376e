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
import type { LogPageDto, LogRowDto, ReplayRequestDto } from './api-types';
import type { AdminDeps } from './deps';
import { notFound, param, parseInput } from './http-helpers';
import { callSelf, type SelfCallShape } from './self-call';

const replaySchema: z.ZodType<ReplayRequestDto> = z.object({ model: z.string().trim().min(1).max(200).optional() });
/** The endpoints whose calls replay: the chat shapes (an embedding has no answer to compare). */
const replayShapes: Partial<Record<LogRecord['endpoint'], SelfCallShape>> = { chat: 'chat', messages: 'messages', responses: 'responses' };

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
    res.json(await callSelf(deps, replayCall(record, input.model ?? record.alias)));
  });
}

/**
 * The logged call as a new one to `model`: its body as logged (after the PII guardrail: any
 * placeholders go as they are), answered whole rather than streamed, and for the Responses API
 * not stored (`store: false`) and never in the background.
 */
function replayCall(record: LogRecord, model: string): Parameters<typeof callSelf>[1] {
  const shape = replayShapes[record.endpoint];
  if (shape === undefined) throw new GatewayError('invalid_request', 'Only chat calls can be replayed (Chat Completions, Messages and Responses)', { code: 'not_replayable' });
  if (record.requestBody === null) {
    throw new GatewayError('invalid_request', "This call's request body was not logged: turn on server.logBodies (Settings, “Log request bodies”) to replay the calls made after it", { status: 409, code: 'body_not_logged' });
  }
  const body = parseJsonObject(record.requestBody);
  if (!body) {
    throw new GatewayError('invalid_request', 'The logged request body was cut at server.maxLoggedBodyBytes, so it cannot be sent again; raise that limit to replay calls this large', { status: 409, code: 'body_cut' });
  }
  delete body.stream;
  delete body.stream_options;
  if (shape === 'responses') Object.assign(body, { store: false, background: false });
  body.model = model;
  return { shape, body, metadata: { source: 'admin-replay', replay_of: record.id }, agent: 'switchboard-replay' };
}
