/**
 * GET /providers, GET /providers/presets, GET|PUT|DELETE /providers/:name, and GET /local-servers
 * (model servers running on this machine, to add with one click). Providers are shown
 * as written in the YAML (credential names and env references, never values) with the base URL
 * calls go to and whether their key is present.
 */
import type { Response, Router } from 'express';
import { z } from 'zod';
import { nativeProviderDefaults, providerPresets, resolveProviderBaseUrl } from '../config/presets';
import type { ProviderConfig } from '../config/schema';
import { lastFour } from '../secrets/secret-name';
import type { SecretInfo } from '../secrets/secret-store';
import { findLocalServers, LOCAL_CANDIDATES } from '../providers/local-servers';
import type { CredentialStatusDto, LocalServersDto, ProviderDto, ProviderPresetDto, ProviderQuotaDto, ProviderPresetsDto, ProvidersDto } from './api-types';
import { actorOf } from './audit-endpoints';
import { parseConfigDocument } from './config-edit';
import type { ConfigEditor } from './config-edit';
import type { AdminDeps } from './deps';
import { entryName, notFound, parseInput } from './http-helpers';
import { deleteEntry, sectionAsWritten, setEntry } from './yaml-patch';

const baseVersion = z.coerce.number().int().positive().optional();
const putSchema = z.object({ provider: z.record(z.string(), z.unknown()), baseVersion });
const deleteSchema = z.object({ baseVersion });
const ENV_REFERENCE = /^env:([A-Za-z_][A-Za-z0-9_]*)$/;

/** Where a provider's key comes from and whether it is there. Reads names only, never values, from the store. */
export function credentialStatus(provider: ProviderConfig, secrets: readonly SecretInfo[], backend: string, env: NodeJS.ProcessEnv): CredentialStatusDto | null {
  if (provider.credential !== undefined) {
    const info = secrets.find((secret) => secret.name === provider.credential);
    const status: CredentialStatusDto = { source: `${backend}:${provider.credential}`, present: info !== undefined };
    if (info?.lastFour) status.lastFour = info.lastFour;
    return status;
  }
  const variable = provider.apiKey === undefined ? undefined : ENV_REFERENCE.exec(provider.apiKey)?.[1];
  if (variable === undefined) return null;
  const value = env[variable];
  const status: CredentialStatusDto = { source: `env:${variable}`, present: value !== undefined && value !== '' };
  if (value && lastFour(value)) status.lastFour = lastFour(value);
  return status;
}

export async function providersDto(deps: AdminDeps): Promise<ProvidersDto> {
  const written = sectionAsWritten(parseConfigDocument(deps.config.currentText()), 'providers');
  const parsed = deps.config.current().providers;
  // A locked keychain must not make the whole page fail: the providers show as "key unknown".
  const secrets = await deps.secrets.list().catch(() => []);
  const quotas = deps.quotas?.snapshot() ?? [];
  const providers: ProviderDto[] = [];
  for (const [name, config] of Object.entries(parsed)) {
    const asWritten = written[name] ?? {};
    const own = quotas.filter((quota) => quota.provider === name).map(({ model, seenAt, windows }): ProviderQuotaDto => ({ model, seenAt, windows }));
    providers.push({
      name,
      config: { ...asWritten, type: config.type },
      baseUrl: safeBaseUrl(config),
      credential: credentialStatus(config, secrets, deps.secrets.backend, deps.env),
      ...(own.length > 0 ? { quotas: own } : {}),
    });
  }
  return { providers, version: deps.config.version };
}

function safeBaseUrl(config: ProviderConfig): string {
  try {
    return resolveProviderBaseUrl(config);
  } catch {
    return '';
  }
}

/** The openai-compatible presets, then the native provider types. */
export function presetList(): ProviderPresetDto[] {
  const compatible = Object.values(providerPresets).map((preset) => ({
    id: preset.id,
    label: preset.label,
    type: 'openai-compatible',
    baseUrl: preset.baseUrl,
    requiresKey: preset.requiresKey,
    models: [...preset.defaultModels],
  }));
  const native = Object.entries(nativeProviderDefaults).map(([type, defaults]) => ({
    id: type,
    label: defaults.label,
    type,
    baseUrl: defaults.baseUrl ?? '',
    requiresKey: true,
    models: [],
  }));
  return [...native, ...compatible];
}

export function registerProviderEndpoints(api: Router, deps: AdminDeps, editor: ConfigEditor): void {
  api.get('/providers', async (_req, res) => {
    res.json(await providersDto(deps));
  });

  const presets = (_req: unknown, res: Response): void => {
    const body: ProviderPresetsDto = { presets: presetList() };
    res.json(body);
  };
  api.get('/providers/presets', presets);

  api.get('/local-servers', async (_req, res) => {
    const configured = new Map(Object.entries(deps.config.current().providers).map(([name, provider]) => [name, safeBaseUrl(provider)]));
    const body: LocalServersDto = { servers: await findLocalServers(deps.localCandidates ?? LOCAL_CANDIDATES, configured) };
    res.json(body);
  });
  // The renderer's client asks for /presets; both paths answer the same.
  api.get('/presets', presets);

  api.get('/providers/:name', async (req, res) => {
    const name = entryName(req.params.name, 'provider');
    const provider = (await providersDto(deps)).providers.find((p) => p.name === name);
    if (!provider) throw notFound('No provider with that name', 'provider_not_found');
    res.json(provider);
  });

  api.put('/providers/:name', async (req, res) => {
    const body = parseInput(putSchema, req.body, 'provider');
    const name = entryName(req.params.name, 'provider');
    await editor.edit((doc) => setEntry(doc, 'providers', name, body.provider), body.baseVersion, actorOf(req));
    res.json(await providersDto(deps));
  });

  api.delete('/providers/:name', async (req, res) => {
    const query = parseInput(deleteSchema, req.query, 'query');
    const name = entryName(req.params.name, 'provider');
    if (!Object.hasOwn(deps.config.current().providers, name)) throw notFound('No provider with that name', 'provider_not_found');
    // A provider that routes still use is refused by validation, with the paths of those routes.
    await editor.edit((doc) => deleteEntry(doc, 'providers', name), query.baseVersion, actorOf(req));
    res.json(await providersDto(deps));
  });
}
