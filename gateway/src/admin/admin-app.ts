import { existsSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import type { ConfigManager } from '../config/config-manager';
import { GatewayError } from '../errors/gateway-error';
import { renderError, toGatewayError } from '../errors/render';
import { safeEqual } from '../server/auth';
import type { LogStore } from '../store/log-types';

export interface AdminDeps {
  adminToken: string;
  config: ConfigManager;
  logs: LogStore;
  /** The built renderer (out/renderer), served at `/` in headless mode when present. */
  uiDir?: string;
}

const logQuerySchema = z.object({
  since: z.coerce.number().int().optional(),
  until: z.coerce.number().int().optional(),
  route: z.string().optional(),
  provider: z.string().optional(),
  model: z.string().optional(),
  status: z.union([z.enum(['ok', 'error']), z.coerce.number().int()]).optional(),
  keyId: z.string().optional(),
  text: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: z.string().optional(),
});

/** The admin API (bearer admin token) and the static UI. Inference never comes through here. */
export function createAdminApp(deps: AdminDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  const api = express.Router();
  api.use((req, _res, next) => {
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    if (token === undefined || !safeEqual(token, deps.adminToken)) {
      return next(new GatewayError('authentication', 'Missing or invalid admin token', { code: 'invalid_admin_token' }));
    }
    next();
  });
  api.use(express.json({ limit: '5mb' }));

  api.get('/config', (_req, res) => {
    res.json({ version: deps.config.version, path: deps.config.path, config: deps.config.current() });
  });

  api.get('/logs', async (req, res) => {
    const parsed = logQuerySchema.safeParse(req.query);
    if (!parsed.success) throw new GatewayError('invalid_request', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    res.json(await deps.logs.query(parsed.data));
  });

  api.get('/logs/:id', async (req, res) => {
    const row = await deps.logs.get(req.params.id);
    if (!row) throw new GatewayError('not_found', 'No request with that id', { code: 'log_not_found' });
    res.json(row);
  });

  api.use(() => {
    throw new GatewayError('not_found', 'No such admin endpoint', { code: 'not_found' });
  });

  app.use('/admin/api', api);

  if (deps.uiDir && existsSync(path.join(deps.uiDir, 'index.html'))) {
    const uiDir = deps.uiDir;
    app.use(express.static(uiDir, { index: 'index.html', maxAge: '1h', setHeaders: (res) => res.setHeader('x-content-type-options', 'nosniff') }));
    // Client-side routes fall back to the app shell.
    app.get(/^\/(?!admin\/|v1\/).*/, (_req, res) => res.sendFile(path.join(uiDir, 'index.html')));
  }

  app.use((_req: Request, _res: Response, next: NextFunction) => next(new GatewayError('not_found', 'Not found', { code: 'not_found' })));
  app.use((caught: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const error = toGatewayError(caught);
    res.status(error.status).json(renderError('openai', error));
  });
  return app;
}
