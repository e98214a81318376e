/**
 * A Portkey target's provider fields (`provider`, `api_key` / `virtual_key`, `custom_host`,
 * Azure's `resource_name` / `deployment_id` / `api_version`) → a Switchboard provider. Also
 * Portkey's Model Catalog form, where the provider is a slug the user created in Portkey
 * (`"provider": "@openai-prod"`, or `"model": "@openai-prod/gpt-4o"`): its type is only known
 * to Portkey, so it is told from the model name when it can be, and the target is skipped with
 * a note when it cannot.
 */
import { importBaseUrl } from './base-url';
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

/** Model names only one provider serves under that name. */
const MODEL_TYPES: Array<[RegExp, ProviderSpec['type']]> = [
  [/^(gpt-|chatgpt-|o[1-9]|text-embedding-)/i, 'openai'],
  [/^claude/i, 'anthropic'],
  [/^gemini/i, 'gemini'],
];

export interface MappedProvider {
  name: string;
  type: ProviderSpec['type'];
  /** The model to call: Azure's deployment when override_params names none, or a catalog model without its `@slug/`. */
  model?: string;
}

/** The provider of one Portkey target, or undefined (with a note) when it has no equivalent. */
export function mapPortkeyProvider(node: Record<string, unknown>, model: string | undefined, at: string, book: ProviderBook, notes: ImportNote[]): MappedProvider | undefined {
  const catalog = /^@([^/]+)\/(.+)$/.exec(model ?? '');
  const slug = typeof node.provider === 'string' ? node.provider : undefined;
  if (catalog) return catalogProvider(catalog[1] as string, catalog[2] as string, `${at}.override_params.model`, book, notes);
  if (slug !== undefined && /^@[^/]+$/.test(slug)) return catalogProvider(slug.slice(1), model, `${at}.provider`, book, notes);
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
  let urlVersion: string | undefined;
  if (node.custom_host !== undefined && node.custom_host !== null) {
    const base = importBaseUrl(node.custom_host, kind.type, `${at}.custom_host`, notes, kind.v1 ? { v1: true } : {});
    if (!base.ok) {
      // Never ignored: without it the calls would go to the provider's public API.
      notes.push({ at: `${at}.custom_host`, message: `${base.reason}: target skipped` });
      return undefined;
    }
    spec.baseUrl = base.url;
    urlVersion = base.apiVersion;
    if (kind.type === 'openai' && new URL(base.url).hostname !== 'api.openai.com') spec.type = 'openai-compatible';
  }
  if (kind.type === 'azure') {
    const resource = typeof node.resource_name === 'string' ? node.resource_name : undefined;
    if (spec.baseUrl === undefined) {
      if (resource === undefined || !/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(resource)) {
        notes.push({ at, message: `an azure-openai target needs resource_name${resource === undefined ? '' : ' (letters, digits and "-")'}: skipped` });
        return undefined;
      }
      spec.baseUrl = `https://${resource}.openai.azure.com`;
    }
    const version = typeof node.api_version === 'string' && node.api_version !== '' ? node.api_version : urlVersion;
    if (version !== undefined) spec.apiVersion = version;
    if (typeof node.deployment_id === 'string' && node.deployment_id !== '') defaultModel = node.deployment_id;
  }
  const key =
    typeof node.api_key === 'string' && node.api_key !== ''
      ? { literal: node.api_key }
      : typeof node.virtual_key === 'string' && node.virtual_key !== ''
        ? { reference: `Portkey virtual key "${node.virtual_key}"` }
        : {};
  const name = book.add(kind.preset ?? kind.type, spec, key, `${at}.${'api_key' in node ? 'api_key' : 'virtual_key'}`);
  return defaultModel === undefined ? { name, type: spec.type } : { name, type: spec.type, model: defaultModel };
}

/** A Model Catalog provider: named after its slug, typed from the model, its key in the keychain. */
function catalogProvider(slug: string, model: string | undefined, at: string, book: ProviderBook, notes: ImportNote[]): MappedProvider | undefined {
  const type = model === undefined ? undefined : MODEL_TYPES.find(([pattern]) => pattern.test(model))?.[1];
  if (type === undefined || model === undefined) {
    const which = model === undefined ? 'no model is set' : `the model "${model}" does not tell`;
    notes.push({ at, message: `"@${slug}" is a Portkey Model Catalog provider, whose type only Portkey knows, and ${which}: target skipped (add a provider "${slug}" with its type and a target by hand)` });
    return undefined;
  }
  notes.push({ at, message: `"@${slug}" is a Portkey Model Catalog provider: imported as type ${type}, told from the model "${model}" (change the type if it is another provider, e.g. Azure or a proxy)` });
  const name = book.add(slug, { type }, { reference: `Portkey Model Catalog provider "@${slug}"` }, at);
  return { name, type, model };
}
