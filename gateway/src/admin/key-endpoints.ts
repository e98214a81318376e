/**
 * Gateway keys: GET /keys, GET /keys/:id, POST /keys, PATCH /keys/:id, POST /keys/:id/revoke,
 * POST /keys/:id/rotate. Delegates to the KeyStore; the plaintext appears only in the answers
 * of create and rotate.
 */
import type { Router } from 'express';
import { keyCreateSchema, keyRotateSchema, keyUpdateSchema, parseKeyInput } from '../keys/key-schemas';
import type { IssuedKey, KeyRecord } from '../keys/key-types';
import type { CreatedKeyDto, GatewayKeyDto, KeysDto } from './api-types';
import type { AdminDeps, KeyAdmin } from './deps';
import { actorOf } from './audit-endpoints';
import { notAvailable, notFound, param } from './http-helpers';

/** A key record for the UI: nulls dropped, this month's spend added when budgets run. */
export function keyDto(record: KeyRecord, deps: Pick<AdminDeps, 'budgets'>): GatewayKeyDto {
  const dto: GatewayKeyDto = { id: record.id, name: record.name, prefix: record.prefix, createdAt: record.createdAt, status: record.status, updatedAt: record.updatedAt };
  if (record.user !== null) dto.user = record.user;
  if (record.team !== null) dto.team = record.team;
  if (record.tier !== null) dto.tier = record.tier;
  if (record.allowedRoutes !== null) dto.allowedRoutes = record.allowedRoutes;
  if (Object.keys(record.limits).length > 0) dto.limits = record.limits;
  if (Object.keys(record.budget).length > 0) dto.budget = record.budget;
  if (record.expiresAt !== null) dto.expiresAt = record.expiresAt;
  if (record.revokedAt !== null) dto.revokedAt = record.revokedAt;
  if (record.lastUsedAt !== null) dto.lastUsedAt = record.lastUsedAt;
  if (record.rotatedAt !== null) dto.rotatedAt = record.rotatedAt;
  if (record.previousValidUntil !== null) dto.previousValidUntil = record.previousValidUntil;
  if (deps.budgets) dto.spendMonthUsd = deps.budgets.spent(`key:${record.id}`, 'monthly');
  return dto;
}

const missing = () => notFound('No gateway key with that id', 'key_not_found');

/** How the audit log names a key: its name and the prefix people recognise it by. */
const named = (key: { name: string; prefix: string }): string => (key.name ? `"${key.name}" (${key.prefix}…)` : `${key.prefix}…`);

function issued(result: IssuedKey | undefined, deps: AdminDeps): CreatedKeyDto {
  if (!result) throw missing();
  return { key: keyDto(result.key, deps), plaintext: result.plaintext };
}

export function registerKeyEndpoints(api: Router, deps: AdminDeps): void {
  const keys = (): KeyAdmin => {
    if (!deps.keys) throw notAvailable('Gateway keys');
    return deps.keys;
  };

  api.get('/keys', async (_req, res) => {
    const body: KeysDto = { keys: (await keys().list()).map((record) => keyDto(record, deps)) };
    res.json(body);
  });

  api.get('/keys/:id', async (req, res) => {
    const record = await keys().get(param(req.params.id));
    if (!record) throw missing();
    res.json(keyDto(record, deps));
  });

  api.post('/keys', async (req, res) => {
    const store = keys();
    const input = parseKeyInput(keyCreateSchema, req.body);
    const created = issued(await store.create(input), deps);
    deps.audit?.record({ actor: actorOf(req), action: 'key.created', target: created.key.id, summary: `Gateway key ${named(created.key)} created`, detail: { name: created.key.name, prefix: created.key.prefix } });
    res.status(201).json(created);
  });

  api.patch('/keys/:id', async (req, res) => {
    const store = keys();
    const patch = parseKeyInput(keyUpdateSchema, req.body);
    const record = await store.update(param(req.params.id), patch);
    if (!record) throw missing();
    deps.audit?.record({ actor: actorOf(req), action: 'key.updated', target: record.id, summary: `Gateway key ${named(record)} edited: ${Object.keys(patch).join(', ') || 'nothing'}`, detail: { fields: Object.keys(patch) } });
    res.json(keyDto(record, deps));
  });

  api.post('/keys/:id/revoke', async (req, res) => {
    const record = await keys().revoke(param(req.params.id));
    if (!record) throw missing();
    deps.audit?.record({ actor: actorOf(req), action: 'key.revoked', target: record.id, summary: `Gateway key ${named(record)} revoked` });
    res.json(keyDto(record, deps));
  });

  api.post('/keys/:id/rotate', async (req, res) => {
    const store = keys();
    const options = parseKeyInput(keyRotateSchema, req.body ?? {});
    const rotated = issued(await store.rotate(param(req.params.id), options), deps);
    const grace = rotated.key.previousValidUntil === undefined ? 'the old key stopped working at once' : `the old key works until ${new Date(rotated.key.previousValidUntil).toISOString()}`;
    deps.audit?.record({ actor: actorOf(req), action: 'key.rotated', target: rotated.key.id, summary: `Gateway key ${named(rotated.key)} rotated; ${grace}`, detail: { prefix: rotated.key.prefix, previousValidUntil: rotated.key.previousValidUntil ?? null } });
    res.json(rotated);
  });
}
