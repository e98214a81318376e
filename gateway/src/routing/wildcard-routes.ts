/**
 * Wildcard routes: a route whose name holds `*` (any run of characters, none included) takes
 * every model name no route is named after, so `claude-*` catches the dated names Claude Code
 * asks for (`claude-sonnet-4-5-20250929`) and `*` catches everything. A target's model `*`
 * stands for the name the client asked for (routing/plan.ts).
 */
import type { Config, RouteConfig } from '../config/schema';

/** Longer names never match a wildcard: no model is named that long, and matching stays cheap on hostile input. */
const MAX_MATCHED_NAME = 256;

interface Wildcard {
  name: string;
  /** The name's parts between its `*`s. */
  parts: readonly string[];
  /** Characters that are not `*`: more is more specific. */
  literal: number;
}

/** Per routes object (a reload makes a new one): the wildcard routes, most specific first, config order among equals. */
const compiled = new WeakMap<Readonly<Record<string, RouteConfig>>, readonly Wildcard[]>();

export const isWildcardRoute = (name: string): boolean => name.includes('*');

/** A target's model that stands for the model name the client asked for. */
export const ASKED_MODEL = '*';

/**
 * The name of the route `model` reaches: the route named `model`, else, unless `model` is
 * `provider/model` of a configured provider (which goes to that provider), the most specific
 * wildcard route that matches it. Undefined when none does.
 */
export function routeNameFor(config: Config, model: string): string | undefined {
  // Own keys only: a client's model name "constructor" or "__proto__" is no route.
  if (Object.hasOwn(config.routes, model)) return model;
  if (model.length > MAX_MATCHED_NAME) return undefined;
  const slash = model.indexOf('/');
  if (slash > 0 && Object.hasOwn(config.providers, model.slice(0, slash))) return undefined;
  let wildcards = compiled.get(config.routes);
  if (wildcards === undefined) {
    wildcards = Object.keys(config.routes)
      .filter(isWildcardRoute)
      .map((name) => {
        const parts = name.split('*');
        return { name, parts, literal: name.length - (parts.length - 1) };
      })
      .sort((a, b) => b.literal - a.literal);
    compiled.set(config.routes, wildcards);
  }
  for (const wildcard of wildcards) if (globMatches(wildcard.parts, model)) return wildcard.name;
  return undefined;
}

/**
 * Whether `text` is the parts joined by runs of any characters: the first part must start it,
 * the last end it, and the ones between are found in order, leftmost first (which finds a
 * match whenever there is one). Linear in the text for each part, no regex.
 */
function globMatches(parts: readonly string[], text: string): boolean {
  const first = parts[0] ?? '';
  const last = parts[parts.length - 1] ?? '';
  if (parts.length === 1) return text === first;
  if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last)) return false;
  let at = first.length;
  const end = text.length - last.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const part = parts[i]!;
    const found = text.indexOf(part, at);
    if (found === -1 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
}
