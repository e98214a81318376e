/**
 * A Portkey target's provider fields (`provider`, `api_key` / `virtual_key`, `custom_host`,
 * Azure's `resource_name` / `deployment_id` / `api_version`) → a Switchboard provider.
 */
import { cleanBaseUrl, withoutV1, withV1 } from './provider-book';
import type { ProviderBook } from './provider-book';
import type { ImportNote, ProviderSpec } from './types';

interface Kind {
  type: ProviderSpec['type'];
  preset?: string;
  /** Ollama's custom_host is its native root; its OpenAI-compatible API lives under /v1. */
  v1?: boolean;
}

const KINDS: Record<string, Kind> = {
  openai: { type: 'openai' },
  anthropic: { type: 'anthropic' },
  google: { type: 'gemini' },
  'azure-openai': { type: 'azure' },
  groq: { type: 'openai-compatible', preset: 'groq' },
  'mistral-ai': { type: 'openai-compatible', preset: 'mistral' },
  deepseek: { type: 'openai-compatible', preset: 'deepseek' },
  'x-ai': { type: 'openai-compatible', preset: 'xai' },
  'together-ai': { type: 'openai-compatible', preset: 'together' },
  'fireworks-ai': { type: 'openai-compatible', preset: 'fireworks' },
  openrouter: { type: 'openai-compatible', preset: 'openrouter' },
  ollama: { type: 'openai-compatible', preset: 'ollama', v1: true },
};

export interface MappedProvider {
  name: string;
  /** Azure's deployment: the model to call when override_params names none. */
  defaultModel?: string;
}

/** The provider of one Portkey target, or undefined (with a note) when it has no equivalent. */
export function mapPortkeyProvider(node: Record<string, unknown>, at: string, book: ProviderBook, notes: ImportNote[]): MappedProvider | undefined {
  const slug = typeof node.provider === 'string' ? node.provider : undefined;
  if (slug === undefined) {
    notes.push({ at, message: 'a target without provider (a saved virtual key alone names no provider type): skipped' });
    return undefined;
  }
  const kind = KINDS[slug];
  if (!kind) {
    notes.push({ at: `${at}.provider`, message: `"${slug}" has no Switchboard equivalent (supported: ${Object.keys(KINDS).join(', ')}): target skipped` });
    return undefined;
  }
  const spec: ProviderSpec = { type: kind.type };
  if (kind.preset) spec.preset = kind.preset;
  let defaultModel: string | undefined;
  const host = node.custom_host === undefined ? undefined : cleanBaseUrl(node.custom_host);
  if (node.custom_host !== undefined && host === undefined) notes.push({ at: `${at}.custom_host`, message: 'not an http(s) URL: ignored' });
  if (host !== undefined) {
    spec.baseUrl = kind.v1 ? withV1(host) : kind.type === 'anthropic' ? withoutV1(host) : host;
    if (kind.type === 'openai' && new URL(host).hostname !== 'api.openai.com') spec.type = 'openai-compatible';
  }
  if (kind.type === 'azure') {
    const resource = typeof node.resource_name === 'string' ? node.resource_name : undefined;
    if (resource === undefined && host === undefined) {
      notes.push({ at, message: 'an azure-openai target needs resource_name: skipped' });
      return undefined;
    }
    if (resource !== undefined && host === undefined) spec.baseUrl = `https://${resource}.openai.azure.com`;
    if (typeof node.api_version === 'string') spec.apiVersion = node.api_version;
    if (typeof node.deployment_id === 'string') defaultModel = node.deployment_id;
  }
  const key =
    typeof node.api_key === 'string' && node.api_key !== ''
      ? { literal: node.api_key }
      : typeof node.virtual_key === 'string' && node.virtual_key !== ''
        ? { reference: `Portkey virtual key "${node.virtual_key}"` }
        : {};
  const name = book.add(kind.preset ?? kind.type, spec, key, `${at}.${'api_key' in node ? 'api_key' : 'virtual_key'}`);
  return defaultModel === undefined ? { name } : { name, defaultModel };
}
