/**
 * GET /credentials, PUT|DELETE /credentials/:name, POST /providers/:name/test. A secret goes
 * into the SecretStore and is never returned: answers carry its name, backend and last four.
 */
import type { Router } from 'express';
import { z } from 'zod';
import { providerSchema } from '../config/schema';
import { ProviderRegistry } from '../providers/registry';
import { lastFour } from '../secrets/secret-name';
import type { CredentialsDto, SecretInfoDto } from './api-types';
import type { AdminDeps } from './deps';
import { entryName, notFound, param, parseInput } from './http-helpers';
import { actorOf } from './audit-endpoints';
import { testProvider } from './provider-test';
import type { TestableProvider } from './provider-test';

// Validation messages name the field only: a pasted key must not come back in an error. The
// whitespace a paste brings is no part of a key (see secretValue), and would show in lastFour.
const setSchema = z.object({ value: z.string({ error: 'expected a string' }).trim().min(1, 'must not be empty') });
const testSchema = z.object({ provider: z.record(z.string(), z.unknown()).optional() }).optional();

export function registerCredentialEndpoints(api: Router, deps: AdminDeps): void {
  api.get('/credentials', async (_req, res) => {
    const body: CredentialsDto = { backend: deps.secrets.backend, writable: deps.secrets.writable, secrets: await deps.secrets.list() };
    res.json(body);
  });

  api.put('/credentials/:name', async (req, res) => {
    const { value } = parseInput(setSchema, req.body, 'credential');
    const name = param(req.params.name);
    await deps.secrets.set(name, value);
    // Providers cache resolved keys: drop them so the next call reads the new one.
    deps.providers.invalidateKeys();
    const info: SecretInfoDto = { name, backend: deps.secrets.backend, lastFour: lastFour(value) };
    // The last four are what the UI shows anyway; the value itself is never recorded.
    deps.audit?.record({ actor: actorOf(req), action: 'credential.stored', target: name, summary: `Credential "${name}" stored in the ${info.backend} store (…${info.lastFour})`, detail: { backend: info.backend, lastFour: info.lastFour } });
    res.json(info);
  });

  api.delete('/credentials/:name', async (req, res) => {
    const name = param(req.params.name);
    const deleted = await deps.secrets.delete(name);
    deps.providers.invalidateKeys();
    if (deleted) deps.audit?.record({ actor: actorOf(req), action: 'credential.removed', target: name, summary: `Credential "${name}" removed from the ${deps.secrets.backend} store` });
    res.json({ deleted });
  });

  api.post('/providers/:name/test', async (req, res) => {
    const name = entryName(req.params.name, 'provider');
    const body = parseInput(testSchema, req.body, 'test request');
    res.json(await testProvider(body?.provider ? unsavedProvider(deps, name, body.provider) : savedProvider(deps, name)));
  });
}

function savedProvider(deps: AdminDeps, name: string): TestableProvider {
  const provider = deps.providers.get(name);
  if (!provider) throw notFound('No provider with that name', 'provider_not_found');
  return provider;
}

/** A provider config from the request, validated like the file's, for testing before saving. */
function unsavedProvider(deps: AdminDeps, name: string, input: Record<string, unknown>): TestableProvider {
  const config = parseInput(providerSchema, input, 'provider');
  // A registry of its own: nothing about an unsaved provider stays cached.
  return new ProviderRegistry(deps.secrets, deps.env).detached(name, config);
}
