/** GET /routes, GET|PUT|DELETE /routes/:name: routes as written in the YAML, edited in place. */
import type { Router } from 'express';
import { actorOf } from './audit-endpoints';
import { z } from 'zod';
import type { RouteDto, RoutesDto } from './api-types';
import { parseConfigDocument } from './config-edit';
import type { ConfigEditor } from './config-edit';
import type { AdminDeps } from './deps';
import { entryName, notFound, parseInput } from './http-helpers';
import { deleteEntry, sectionAsWritten, setEntry } from './yaml-patch';

const baseVersion = z.coerce.number().int().positive().optional();
const putSchema = z.object({ route: z.record(z.string(), z.unknown()), baseVersion });
const deleteSchema = z.object({ baseVersion });

/** The routes as the file writes them, each with its effective strategy filled in. */
export function routesDto(deps: AdminDeps): RoutesDto {
  const written = sectionAsWritten(parseConfigDocument(deps.config.currentText()), 'routes');
  const parsed = deps.config.current().routes;
  const routes: Record<string, RouteDto> = {};
  for (const [name, route] of Object.entries(written)) {
    const strategy = typeof route.strategy === 'string' ? route.strategy : (parsed[name]?.strategy ?? 'fallback');
    routes[name] = { ...route, strategy };
  }
  return { routes, version: deps.config.version };
}

export function registerRouteEndpoints(api: Router, deps: AdminDeps, editor: ConfigEditor): void {
  api.get('/routes', (_req, res) => {
    res.json(routesDto(deps));
  });

  api.get('/routes/:name', (req, res) => {
    const name = entryName(req.params.name, 'route');
    const { routes } = routesDto(deps);
    if (!Object.hasOwn(routes, name)) throw notFound('No route with that name', 'route_not_found');
    res.json(routes[name]);
  });

  api.put('/routes/:name', async (req, res) => {
    const body = parseInput(putSchema, req.body, 'route');
    const name = entryName(req.params.name, 'route');
    await editor.edit((doc) => setEntry(doc, 'routes', name, body.route), body.baseVersion, actorOf(req));
    res.json(routesDto(deps));
  });

  api.delete('/routes/:name', async (req, res) => {
    const query = parseInput(deleteSchema, req.query, 'query');
    const name = entryName(req.params.name, 'route');
    if (!Object.hasOwn(deps.config.current().routes, name)) throw notFound('No route with that name', 'route_not_found');
    await editor.edit((doc) => deleteEntry(doc, 'routes', name), query.baseVersion, actorOf(req));
    res.json(routesDto(deps));
  });
}
