/**
 * A base URL as a LiteLLM or Portkey config wrote it → the API root a Switchboard provider
 * takes. People paste what their tool accepted: an endpoint (`…/v1/chat/completions`), Azure's
 * whole deployment URL (`…/openai/deployments/NAME/chat/completions?api-version=…`), a URL with
 * `user:password@`. The config refuses all of these, so they are cut back to the root here, and
 * every change is noted; what still cannot be used is refused with the config's own reason.
 */
import { baseUrlProblem } from '../config/semantic';
import type { ImportNote, ProviderSpec } from './types';

export type ImportedBaseUrl = { ok: true; url: string; apiVersion?: string } | { ok: false; reason: string };

export interface BaseUrlOptions {
  /** Ollama's api_base is its native root; its OpenAI-compatible API lives under /v1. */
  v1?: boolean;
}

/** Endpoints an OpenAI- or Anthropic-shaped root is followed by; the gateway appends them itself. */
const ENDPOINT = /\/(chat\/completions|completions|embeddings|messages|responses)$/;

export function importBaseUrl(value: unknown, type: ProviderSpec['type'], at: string, notes: ImportNote[], options: BaseUrlOptions = {}): ImportedBaseUrl {
  if (typeof value !== 'string' || value.trim() === '') return { ok: false, reason: 'not a URL' };
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return { ok: false, reason: 'not an http(s) URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: 'not an http(s) URL' };
  if (url.username || url.password) {
    // Never copied: the password is a key, and Switchboard sends keys only from credential or apiKey.
    url.username = '';
    url.password = '';
    notes.push({ at, message: 'the user name and password in the URL are not copied: Switchboard sends no basic auth (a key goes in credential or apiKey)' });
  }
  let apiVersion: string | undefined;
  if (url.search !== '') {
    const version = url.searchParams.get('api-version');
    if (type === 'azure' && version) apiVersion = version;
    const dropped = [...new Set(url.searchParams.keys())].filter((key) => !(type === 'azure' && key === 'api-version'));
    if (dropped.length > 0) notes.push({ at, message: `query parameters dropped (${dropped.join(', ')}): a baseUrl takes none` });
    url.search = '';
  }
  url.hash = '';
  const pasted = url.pathname.replace(/\/+$/, '');
  let path = apiRoot(pasted, type, options.v1 === true);
  const cut = path !== pasted;
  if (options.v1 && !/\/v1$/.test(path)) path = `${path}/v1`;
  if (type === 'anthropic') path = path.replace(/\/v1$/, ''); // the gateway appends /v1/messages
  url.pathname = path === '' ? '/' : path;
  const root = url.toString().replace(/\/+$/, '');
  if (cut) {
    const what = type === 'azure' ? 'an Azure deployment URL' : 'an endpoint URL';
    notes.push({ at, message: `${what}: using its API root ${root}${apiVersion === undefined ? '' : ` and api-version ${apiVersion} as apiVersion`}` });
  } else if (apiVersion !== undefined) {
    notes.push({ at, message: `api-version ${apiVersion} taken from the URL as apiVersion` });
  }
  const problem = baseUrlProblem(root, type);
  if (problem !== undefined) return { ok: false, reason: problem };
  return apiVersion === undefined ? { ok: true, url: root } : { ok: true, url: root, apiVersion };
}

/** The path without the endpoint the gateway appends itself. */
function apiRoot(path: string, type: ProviderSpec['type'], v1: boolean): string {
  if (v1) return path.replace(/\/api(\/.*)?$/, '').replace(ENDPOINT, ''); // Ollama's native /api/chat, or …/v1/chat/completions
  if (type === 'azure') return path.replace(/\/openai(\/.*)?$/, ''); // …/openai/deployments/NAME/chat/completions
  if (type === 'gemini') return path.replace(/\/models(\/.*)?$/, ''); // …/models/NAME:generateContent
  return path.replace(ENDPOINT, '');
}
