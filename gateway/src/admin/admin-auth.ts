import type { NextFunction, Request, Response } from 'express';
import { GatewayError } from '../errors/gateway-error';
import { safeEqual } from '../server/auth';

const invalidToken = (): GatewayError =>
  new GatewayError('authentication', 'Missing or invalid admin token: send it as "Authorization: Bearer <admin token>"', {
    code: 'invalid_admin_token',
    headers: { 'www-authenticate': 'Bearer realm="switchboard-admin"' },
  });

/** The bearer token of `Authorization`, if any. */
function bearer(req: Request): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization?.trim() ?? '');
  return match?.[1];
}

/**
 * Requires the admin token, compared in constant time. Only GET /events also accepts it as
 * `?token=`: a browser's EventSource cannot send headers, and the alternatives (a cookie, a
 * one-time ticket endpoint) add state for no gain on a loopback gateway. The token in a URL can
 * end up in history or proxy logs, so nothing else accepts it there, and the gateway itself
 * logs no admin URLs.
 */
export function requireAdminToken(adminToken: string) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    let token = bearer(req);
    if (token === undefined && req.method === 'GET' && req.path === '/events' && typeof req.query.token === 'string') token = req.query.token;
    if (token === undefined || !safeEqual(token, adminToken)) return next(invalidToken());
    next();
  };
}
