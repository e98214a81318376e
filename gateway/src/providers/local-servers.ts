/**
 * Model servers running on this machine (Ollama, LM Studio, vLLM): each local preset's base URL
 * is asked for its models, and those that answer in OpenAI's shape are found. The Providers page
 * offers to add them with one click. Only the presets' fixed loopback addresses are asked,
 * never an address a caller chose.
 */
import { request } from 'undici';
import { providerPresets } from '../config/presets';
import { joinUrl } from './types';

export interface LocalCandidate {
  preset: string;
  label: string;
  baseUrl: string;
}

export interface LocalServer extends LocalCandidate {
  /** Model ids it lists, at most MAX_MODELS of them. */
  models: string[];
  /** How many it lists in all. */
  modelCount: number;
  /** The configured provider whose base URL is this server's, if one is. */
  provider: string | null;
}

/** The presets that run on this machine, at their default addresses. */
export const LOCAL_CANDIDATES: readonly LocalCandidate[] = Object.values(providerPresets)
  .filter((preset) => preset.local)
  .map((preset) => ({ preset: preset.id, label: preset.label, baseUrl: preset.baseUrl }));

const MAX_MODELS = 50;
/** A model list is a few KB; whatever answers at one of these ports with more is no model server. */
const MAX_BODY_BYTES = 1024 * 1024;
/** A server on this machine answers its model list at once; one that does not is not worth waiting for. */
const PROBE_TIMEOUT_MS = 800;

/**
 * The candidates that answer `GET {baseUrl}/models` with a model list, asked side by side, in
 * the candidates' order. `configured`: the providers' resolved base URLs, by name.
 */
export async function findLocalServers(candidates: readonly LocalCandidate[], configured: ReadonlyMap<string, string>, timeoutMs = PROBE_TIMEOUT_MS): Promise<LocalServer[]> {
  const found = await Promise.all(candidates.map((candidate) => probe(candidate, timeoutMs)));
  const owner = (baseUrl: string): string | null => {
    for (const [name, url] of configured) if (sameServer(url, baseUrl)) return name;
    return null;
  };
  return found.filter((server): server is Omit<LocalServer, 'provider'> => server !== undefined).map((server) => ({ ...server, provider: owner(server.baseUrl) }));
}

async function probe(candidate: LocalCandidate, timeoutMs: number): Promise<Omit<LocalServer, 'provider'> | undefined> {
  try {
    const response = await request(joinUrl(candidate.baseUrl, '/models'), { method: 'GET', headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
    if (response.statusCode !== 200) {
      response.body.destroy();
      return undefined;
    }
    const text = await bounded(response.body, MAX_BODY_BYTES);
    const ids = text === undefined ? undefined : modelIds(JSON.parse(text) as unknown);
    return ids === undefined ? undefined : { ...candidate, models: ids.slice(0, MAX_MODELS), modelCount: ids.length };
  } catch {
    // Nothing listening, another kind of server, or no answer in time: not found.
    return undefined;
  }
}

/** The body as text, or undefined (and the rest left unread) once it passes `limit` bytes. */
async function bounded(body: AsyncIterable<Buffer> & { destroy(): void }, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) {
      body.destroy();
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** `{ data: [{ id }] }`, OpenAI's model list; undefined for anything else. */
function modelIds(body: unknown): string[] | undefined {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { data?: unknown }).data)) return undefined;
  const ids: string[] = [];
  for (const item of (body as { data: unknown[] }).data) {
    if (typeof item === 'object' && item !== null && typeof (item as { id?: unknown }).id === 'string') ids.push((item as { id: string }).id);
  }
  return ids;
}

/** Two base URLs name the same server: same port, both loopback names, path aside from a trailing slash. */
function sameServer(a: string, b: string): boolean {
  try {
    const [x, y] = [new URL(a), new URL(b)];
    const loopback = (host: string) => host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
    const host = x.hostname === y.hostname || (loopback(x.hostname) && loopback(y.hostname));
    return host && x.port === y.port && x.protocol === y.protocol && x.pathname.replace(/\/+$/, '') === y.pathname.replace(/\/+$/, '');
  } catch {
    return false;
  }
}
