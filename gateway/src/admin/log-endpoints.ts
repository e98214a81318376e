/** GET /logs (filters + cursor paging, newest first) and GET /logs/:id (attempts, bodies if stored). */
import type { Router } from 'express';
import { logQuerySchema } from '../store/log-query';
import type { LogRecord } from '../store/log-types';
import type { LogPageDto, LogRowDto } from './api-types';
import type { AdminDeps } from './deps';
import { notFound, param, parseInput } from './http-helpers';

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
}
