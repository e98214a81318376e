/**
 * When the semantic cache may answer, and what it compares.
 *
 * Only the last user message is embedded: that is where a paraphrase lives ("What's our refund
 * policy?" / "What is your refund policy?"). Everything else that shapes the answer — alias,
 * system prompt, earlier turns, tools, sampling parameters, raw extras, namespace, scope and the
 * embedding route — goes into the *guard*, a hash that must match exactly. So a paraphrase hits
 * only under the same system prompt and alias, in the same conversation, with the same
 * settings, and vectors from different embedding routes are never compared.
 */
import type { ChatRequest } from '../canonical/types';
import type { routeCacheSchema } from '../config/schema';
import type { z } from 'zod';
import { canonicalJson, keyMaterial, sha256 } from './cache-key';

export type RouteCacheConfig = z.infer<typeof routeCacheSchema>;

/** Requests above this temperature are skipped unless the route sets `maxTemperature`. */
export const DEFAULT_MAX_TEMPERATURE = 0.5;
/** Longer prompts are not embedded: past this, a paraphrase match means little and embedding routes may refuse. */
export const MAX_EMBEDDED_CHARS = 8192;
const GUARD_VERSION = 1;

export interface SemanticSettings {
  threshold: number;
  allowTools: boolean;
  maxTemperature: number;
}

/** The route's semantic settings, or undefined when the route does not opt in. */
export function semanticSettings(routeCache: RouteCacheConfig | undefined, defaultThreshold: number): SemanticSettings | undefined {
  const semantic = routeCache?.semantic;
  if (semantic === undefined || semantic === false) return undefined;
  const options = semantic === true ? {} : semantic;
  return {
    threshold: options.threshold ?? defaultThreshold,
    allowTools: options.allowTools ?? false,
    maxTemperature: options.maxTemperature ?? DEFAULT_MAX_TEMPERATURE,
  };
}

/**
 * Whether a request may be answered by a similar (not identical) one: the route opts in, the
 * request has no tools (unless `allowTools`), its temperature is at most `maxTemperature`
 * (an absent temperature counts as eligible: the client asked for no particular randomness),
 * and its last message is a user message of plain text.
 */
export function semanticEligible(request: ChatRequest, routeCache: RouteCacheConfig | undefined): boolean {
  const settings = semanticSettings(routeCache, 1);
  return settings !== undefined && eligibleText(request, settings) !== undefined;
}

/** The text to embed when the request is eligible under `settings` (see semanticEligible), else undefined. */
export function eligibleText(request: ChatRequest, settings: SemanticSettings): string | undefined {
  if (request.tools?.length && !settings.allowTools) return undefined;
  if (request.temperature !== undefined && request.temperature > settings.maxTemperature) return undefined;
  return embeddedText(request);
}

/** The text to embed: the last message's text, when it is a user message made only of text. */
export function embeddedText(request: ChatRequest): string | undefined {
  const last = request.messages.at(-1);
  if (!last || last.role !== 'user' || last.content.length === 0) return undefined;
  const texts: string[] = [];
  for (const part of last.content) {
    if (part.type !== 'text') return undefined;
    texts.push(part.text);
  }
  const text = texts.join('\n').trim();
  return text === '' || text.length > MAX_EMBEDDED_CHARS ? undefined : text;
}

export interface GuardInput {
  request: ChatRequest;
  scope: string;
  namespace?: string;
  extras?: Record<string, unknown>;
  embeddingRoute: string;
  /** From `targetsOf`, as for the exact key. */
  targets?: string;
}

/** The hash of everything but the embedded text; semantic matches require equal guards. */
export function semanticGuard(input: GuardInput): string {
  const material = keyMaterial(input.request);
  const messages = material.messages as unknown[];
  const last = input.request.messages.at(-1);
  return sha256(
    canonicalJson({
      v: GUARD_VERSION,
      scope: input.scope,
      namespace: input.namespace,
      extras: input.extras,
      embeddingRoute: input.embeddingRoute,
      targets: input.targets,
      request: Object.assign({}, material, { messages: messages.slice(0, -1), lastName: last?.name }),
    }),
  );
}
