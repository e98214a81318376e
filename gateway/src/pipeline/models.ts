import { listedModels } from '../config/presets';
import type { Config, RouteConfig, TargetConfig } from '../config/schema';

export interface ModelEntry {
  id: string;
  /** `switchboard` for aliases, else the provider's name. */
  ownedBy: string;
}

/** Aliases first, then every `provider/model` the config mentions, each once. */
export function listModels(config: Config): ModelEntry[] {
  const entries: ModelEntry[] = [];
  const seen = new Set<string>();
  const add = (id: string, ownedBy: string): void => {
    if (seen.has(id)) return;
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

/** The entry `GET /v1/models/{id}` answers: only what the list shows, so the two always agree. */
export function findModel(config: Config, id: string): ModelEntry | undefined {
  return listModels(config).find((m) => m.id === id);
}

/** OpenAI's model object, as listed and as `GET /v1/models/{id}` answers it. */
export function renderOpenAIModel(model: ModelEntry, created: number): unknown {
  return { id: model.id, object: 'model', created, owned_by: model.ownedBy };
}

/** Anthropic's `ModelInfo`, as listed and as `GET /v1/models/{id}` answers it. */
export function renderAnthropicModel(model: ModelEntry, createdAt: string): unknown {
  return { type: 'model', id: model.id, display_name: model.id, created_at: createdAt };
}

/** OpenAI's `GET /v1/models` list. */
export function renderOpenAIModels(models: ModelEntry[], created: number): unknown {
  return { object: 'list', data: models.map((m) => renderOpenAIModel(m, created)) };
}

/** Anthropic's `GET /v1/models` page, for clients that send `anthropic-version`. */
export function renderAnthropicModels(models: ModelEntry[], createdAt: string): unknown {
  return {
    data: models.map((m) => renderAnthropicModel(m, createdAt)),
    has_more: false,
    first_id: models[0]?.id ?? null,
    last_id: models[models.length - 1]?.id ?? null,
  };
}
