/** Shapes shared by the LiteLLM and Portkey importers. */
import { MIN_BARE_TIMEOUT_MS } from '../config/units';

/** Something in the source that could not be carried over as it was, and why. */
export interface ImportNote {
  /** Where in the source file, dotted (`model_list.2.litellm_params.api_key`). */
  at: string;
  message: string;
}

/** A provider as the Switchboard config writes it. */
export interface ProviderSpec {
  type: 'openai' | 'anthropic' | 'gemini' | 'azure' | 'openai-compatible';
  preset?: string;
  baseUrl?: string;
  apiVersion?: string;
  /**
   * Azure: `bearer` when the key is a Microsoft Entra ID token (LiteLLM's `azure_ad_token`);
   * `entra` when it is a service principal's client secret (`tenant_id`, `client_id`, `client_secret`).
   */
  auth?: 'bearer' | 'entra';
  /** Azure with `auth: entra`: the service principal. */
  entra?: { tenantId: string; clientId: string };
  /** `env:VAR`. */
  apiKey?: string;
  /** A keychain entry the user still has to create. */
  credential?: string;
  /** Extra headers sent on every call (never ones that carry a key: the schema refuses those). */
  headers?: Record<string, string>;
}

/** A route or a target, as plain data ready for YAML. */
export type Node = Record<string, unknown>;

export interface ImportedConfig {
  /** Set only for what the source turned on (LiteLLM's Prometheus callback: `metrics`). */
  server?: { metrics?: boolean };
  providers: Record<string, ProviderSpec>;
  routes: Record<string, Node>;
}

export interface ImportResult {
  config: ImportedConfig;
  notes: ImportNote[];
}

/** Nothing in the source could be carried over; the notes say why, entry by entry. */
export class NothingImportedError extends Error {
  constructor(
    message: string,
    readonly notes: ImportNote[],
  ) {
    super(message);
    this.name = 'NothingImportedError';
  }
}

export const isMap = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A name safe for providers and routes (`[A-Za-z0-9][A-Za-z0-9._-]*`). */
export function safeName(text: string, fallback: string): string {
  const cleaned = text
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .replace(/-+$/, '');
  return cleaned === '' ? fallback : cleaned;
}

/** Seconds (LiteLLM writes floats) to a duration in whole ms. */
export const secondsToMs = (seconds: number): number => Math.max(1, Math.round(seconds * 1000));

/** A number, or a number written as text (`timeout: "30"`: YAML and JSON writers often quote them). */
export function numberLike(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

export const positiveNumber = (value: unknown): number | undefined => {
  const number = numberLike(value);
  return number !== undefined && number > 0 ? number : undefined;
};

/**
 * A request timeout as the config must write it: milliseconds, with the unit under a second,
 * where the config refuses a bare number as a likely slip for seconds (config/units.ts).
 */
export const timeoutValue = (ms: number): number | string => (ms < MIN_BARE_TIMEOUT_MS ? `${ms}ms` : ms);
