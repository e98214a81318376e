/** GET /status, GET|PUT /config, POST /config/diff. */
import type { Router } from 'express';
import { z } from 'zod';
import { parseConfig } from '../config/load';
import { actorOf } from './audit-endpoints';
import type { ConfigDiffDto, ConfigDto, StatusDto } from './api-types';
import { diffConfig } from './config-diff';
import type { ConfigEditor } from './config-edit';
import type { AdminDeps } from './deps';
import { parseInput } from './http-helpers';

/** Generous for a hand-written config; the JSON body limit is the outer bound. */
const configText = z.string().max(2_000_000);
const writeSchema = z.object({ text: configText, baseVersion: z.number().int().positive().optional() });
const diffSchema = z.object({ text: configText });

export function configDto(deps: AdminDeps): ConfigDto {
  const rejected = deps.config.lastError();
  return {
    version: deps.config.version,
    path: deps.config.path,
    text: deps.config.currentText(),
    config: deps.config.current(),
    rejected: rejected ? { message: rejected.message, issues: rejected.issues } : null,
  };
}

export function registerConfigEndpoints(api: Router, deps: AdminDeps, editor: ConfigEditor): void {
  api.get('/status', (_req, res) => {
    const server = deps.config.current().server;
    const status: StatusDto = {
      version: deps.version ?? '0.0.0-dev',
      url: deps.selfUrl(),
      dataDir: deps.dataDir,
      configPath: deps.config.path,
      configVersion: deps.config.version,
      startedAt: deps.startedAt,
      secretsBackend: deps.secrets.backend,
      auth: server.auth,
      logBodies: server.logBodies,
      features: {
        keys: deps.keys !== undefined,
        cache: deps.cache !== undefined,
        breakers: deps.breakers !== undefined,
        budgets: deps.budgets !== undefined,
        stats: deps.db !== undefined,
        audit: deps.audit !== undefined,
      },
    };
    if (deps.foreignRequests) status.foreignRequests = deps.foreignRequests();
    res.json(status);
  });

  api.get('/config', (_req, res) => {
    res.json(configDto(deps));
  });

  api.put('/config', async (req, res) => {
    const body = parseInput(writeSchema, req.body, 'config write');
    await editor.replace(body.text, body.baseVersion, actorOf(req));
    res.json(configDto(deps));
  });

  api.post('/config/diff', (req, res) => {
    const body = parseInput(diffSchema, req.body, 'config diff');
    const next = parseConfig(body.text, deps.config.path);
    const diff: ConfigDiffDto = { changes: diffConfig(deps.config.current(), next) };
    res.json(diff);
  });
}
