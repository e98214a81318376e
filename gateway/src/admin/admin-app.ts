/**
 * The admin API (`/admin/api/*`, bearer admin token, JSON) and, in headless mode, the static UI.
 * Inference never comes through here. The contract is api-types.ts; each group of endpoints
 * lives in its own file.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import { ConfigError } from '../config/config-error';
import { GatewayError } from '../errors/gateway-error';
import { renderError, toGatewayError } from '../errors/render';
import { requireAdminToken } from './admin-auth';
import { registerAuditEndpoints } from './audit-endpoints';
import type { ApiErrorBody } from './api-types';
import { registerConfigEndpoints } from './config-endpoints';
import { ConfigEditor } from './config-edit';
import { registerCredentialEndpoints } from './credential-endpoints';
import type { AdminDeps } from './deps';
import { registerEventsEndpoint } from './events-endpoint';
import { registerKeyEndpoints } from './key-endpoints';
import { registerLogEndpoints } from './log-endpoints';
import { registerMetricsEndpoint } from './metrics-endpoint';
import { registerOpsEndpoints } from './ops-endpoints';
import { registerProviderEndpoints } from './provider-endpoints';
import { registerRouteEndpoints } from './route-endpoints';
import { registerStatsEndpoints } from './stats-endpoints';
import { registerTryEndpoint } from './try-endpoint';

export type { AdminDeps, AuditAdmin, BreakerAdmin, BudgetAdmin, CacheAdmin, KeyAdmin } from './deps';
export { connectAdminEvents } from './admin-events';

/** The admin API and the static UI. Inference never comes through here. */
export function createAdminApp(deps: AdminDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  const api = express.Router();
  api.use((_req, res, next) => {
    // Answers carry config, logs and key metadata: never let a cache keep them.
    res.setHeader('cache-control', 'no-store');
    next();
  });
  api.use(requireAdminToken(deps.adminToken));
  api.use(express.json({ limit: '5mb' }));

  const editor = new ConfigEditor(deps.config);
  registerConfigEndpoints(api, deps, editor);
  registerRouteEndpoints(api, deps, editor);
  registerProviderEndpoints(api, deps, editor);
  registerCredentialEndpoints(api, deps);
  registerKeyEndpoints(api, deps);
  registerLogEndpoints(api, deps);
  registerStatsEndpoints(api, deps);
  registerOpsEndpoints(api, deps);
  registerTryEndpoint(api, deps);
  registerEventsEndpoint(api, deps);
  registerAuditEndpoints(api, deps);

  api.use(() => {
    throw new GatewayError('not_found', 'No such admin endpoint', { code: 'not_found' });
  });
  app.use('/admin/api', api);
  // Before the UI's fallback route, which would answer it with the app shell.
  registerMetricsEndpoint(app, deps);

  if (deps.uiDir && existsSync(path.join(deps.uiDir, 'index.html'))) {
    const uiDir = deps.uiDir;
    app.use(express.static(uiDir, { index: 'index.html', maxAge: '1h', setHeaders: setUiHeaders }));
    // Client-side routes fall back to the app shell.
    app.get(/^\/(?!admin\/|v1\/).*/, (_req, res) => {
      setUiHeaders(res);
      res.sendFile(path.join(uiDir, 'index.html'));
    });
  }

  app.use((_req: Request, _res: Response, next: NextFunction) => next(new GatewayError('not_found', 'Not found', { code: 'not_found' })));
  app.use(renderAdminError);
  return app;
}

/**
 * Headers on every UI file. No other site may frame the UI (clickjacking its buttons): a
 * `<meta>` CSP cannot say `frame-ancestors`, so it goes in a header, with X-Frame-Options for
 * older browsers. This header policy only adds that directive; the page's own CSP still holds.
 */
function setUiHeaders(res: Response): void {
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('content-security-policy', "frame-ancestors 'none'");
}

/**
 * Errors from body parsing keep their status but not their message: JSON.parse quotes the
 * offending input, which may be the secret being stored.
 */
function bodyParserError(caught: unknown): GatewayError | undefined {
  if (typeof caught !== 'object' || caught === null || !('type' in caught) || typeof caught.type !== 'string') return undefined;
  switch (caught.type) {
    case 'entity.parse.failed':
      return new GatewayError('invalid_request', 'The request body is not valid JSON', { code: 'invalid_json' });
    case 'entity.too.large':
      return new GatewayError('request_too_large', 'The request body is too large', { code: 'body_too_large' });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new GatewayError('invalid_request', 'Unsupported body encoding', { status: 415, code: 'unsupported_encoding' });
    default:
      return caught.type.startsWith('entity.') || caught.type.startsWith('request.') ? new GatewayError('invalid_request', 'Unreadable request body', { code: 'invalid_body' }) : undefined;
  }
}

/**
 * A store write the disk refused (full, read-only, failing): said as such, since the anonymous
 * "failed to handle this request" left the user no way to tell a full disk from a bug. SQLite's
 * message for these quotes nothing from the request.
 */
function storeWriteError(caught: unknown): GatewayError | undefined {
  const code = caught instanceof Error && 'code' in caught ? String(caught.code) : '';
  if (!/^SQLITE_(FULL|READONLY|IOERR)/.test(code)) return undefined;
  return new GatewayError('internal', `The database could not be written (${(caught as Error).message}): check that the disk holding the data dir has free space and that this user may write to it, then try again`, {
    code: 'store_write_failed',
    retryable: false,
    cause: caught,
  });
}

function renderAdminError(caught: unknown, _req: Request, res: Response, _next: NextFunction): void {
  const error = bodyParserError(caught) ?? storeWriteError(caught) ?? toGatewayError(caught);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error.kind === 'internal') console.error('[switchboard] admin API internal error', caught);
  for (const [name, value] of Object.entries(error.headers ?? {})) res.setHeader(name, value);
  const body = renderError('openai', error) as ApiErrorBody;
  if (error instanceof ConfigError) body.error.issues = error.issues;
  res.status(error.status).json(body);
}
