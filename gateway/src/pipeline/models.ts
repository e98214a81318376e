import { listedModels } from '../config/presets';
import type { Config, RouteConfig, TargetConfig } from '../config/schema';
import type { ClientShape } from '../providers/types';
import { isWildcardRoute, routeNameFor } from '../routing/wildcard-routes';

export interface ModelEntry {
  id: string;
  /** `switchboard` for aliases, else the provider's name. */
  ownedBy: string;
  /** The wildcard route that takes this name, when it is found through one (a key's `allowedRoutes` name that route). */
  route?: string;
}

/**
 * Aliases first, then every `provider/model` the config mentions, each once. A wildcard route
 * (`claude-*`) and a target that takes the model asked for (`*`) name no model to list.
 */
export function listModels(config: Config): ModelEntry[] {
  const entries: ModelEntry[] = [];
  const seen = new Set<string>();
  const add = (id: string, ownedBy: string): void => {
    if (seen.has(id) || isWildcardRoute(id)) return;
    seen.add(id);
    entries.push({ id, ownedBy });
  };
  for (const alias of Object.keys(config.routes)) add(alias, 'switchboard');
  const visit = (route: RouteConfig): void => {
    for (const target of route.targets) visitTarget(target);
    for (const rule of route.rules ?? []) if (rule.target) add(`${rule.target.provider}/${rule.target.model}`, rule.target.provider);
  };
  const visitTarget = (target: TargetConfig): void => {
    if ('provider' in target) add(`${target.provider}/${target.model}`, target.provider);
    else if ('targets' in target) visit(target);
  };
  for (const route of Object.values(config.routes)) visit(route);
  for (const [name, provider] of Object.entries(config.providers)) for (const model of listedModels(provider)) add(`${name}/${model}`, name);
  return entries;
}

/**
 * The entry `GET /v1/models/{id}` answers: what the list shows, or a name a wildcard route
 * takes (which no list can show: it is any name the route matches).
 */
export function findModel(config: Config, id: string): ModelEntry | undefined {
  const listed = listModels(config).find((m) => m.id === id);
  if (listed) return listed;
  const route = routeNameFor(config, id);
  return route !== undefined && isWildcardRoute(route) ? { id, ownedBy: 'switchboard', route } : undefined;
}

/** When the listed models were created, as far as the gateway knows: the epoch. */
const CREATED = 0;
const CREATED_AT = new Date(CREATED).toISOString();

/** The methods a Gemini client may call on every model listed. */
const GEMINI_METHODS = ['generateContent', 'streamGenerateContent', 'countTokens'];

/**
 * One model as `GET /models/{id}` answers it and the list shows it, in the caller's shape:
 * OpenAI's model object, Anthropic's `ModelInfo` or Gemini's `Model` (named `models/{id}`).
 */
export function renderModel(shape: ClientShape, model: ModelEntry): unknown {
  if (shape === 'anthropic') return { type: 'model', id: model.id, display_name: model.id, created_at: CREATED_AT };
  if (shape === 'gemini') return { name: `models/${model.id}`, displayName: model.id, supportedGenerationMethods: GEMINI_METHODS };
  return { id: model.id, object: 'model', created: CREATED, owned_by: model.ownedBy };
}

/** `GET /models` in the caller's shape: OpenAI's list, Anthropic's page, or Gemini's `{ models }`. */
export function renderModelList(shape: ClientShape, models: ModelEntry[]): unknown {
  const data = models.map((model) => renderModel(shape, model));
  if (shape === 'gemini') return { models: data };
  if (shape === 'anthropic') return { data, has_more: false, first_id: models[0]?.id ?? null, last_id: models.at(-1)?.id ?? null };
  return { object: 'list', data };
}
