/**
 * Model prices: the bundled table (resources/pricing.json) with the config's overrides on top.
 * Lookups run on every request, so each table keeps a map of every name it has answered for,
 * misses included; model names come from clients, so that map is bounded.
 */
import bundledData from '../../../resources/pricing.json';
import { nameVariants, normalizeModelName, priceNamespace, splitVendorPrefix } from './model-names';
import type { PriceNamespace } from './model-names';
import { parsePriceTable } from './table-data';
import type { ModelPrice, PriceOverride } from './types';

const MAX_CACHED_NAMES = 4096;

let bundled: PriceTable | undefined;

export class PriceTable {
  private readonly answers = new Map<string, ModelPrice | null>();
  private readonly scoped = new WeakMap<Readonly<Record<string, PriceOverride>>, PriceTable>();

  private constructor(
    /** The date the table's prices were checked. */
    readonly version: string,
    /** Listed models and their aliases, by `<namespace>/<model>`. */
    private readonly byKey: ReadonlyMap<string, ModelPrice>,
    private readonly listed: ReadonlyArray<readonly [string, ModelPrice]>,
    private readonly overrides?: ReadonlyMap<string, PriceOverride>,
    private readonly base?: PriceTable,
  ) {}

  /** The table shipped with the gateway (parsed and validated on first use). */
  static bundled(): PriceTable {
    bundled ??= PriceTable.fromJson(bundledData);
    return bundled;
  }

  /** A table from price-table JSON (the shape of resources/pricing.json); throws when invalid. */
  static fromJson(data: unknown): PriceTable {
    const table = parsePriceTable(data);
    const listed = Object.entries(table.models);
    const byKey = new Map<string, ModelPrice>(listed);
    for (const [alias, target] of Object.entries(table.aliases)) {
      const price = byKey.get(target);
      if (price) byKey.set(alias, price);
    }
    return new PriceTable(table.version, byKey, listed);
  }

  /** Every listed model (aliases left out), keyed `<namespace>/<model>`. */
  entries(): ReadonlyArray<readonly [string, ModelPrice]> {
    return this.listed;
  }

  /**
   * The price of `model` as served by a provider of `providerType` (`openai`, `anthropic`,
   * `gemini`, `azure`, `openai-compatible`, or a namespace such as `groq`). `preset` names an
   * openai-compatible provider's preset. Undefined when the model's price is unknown.
   */
  lookup(providerType: string, model: string, preset?: string): ModelPrice | undefined {
    const key = `${providerType}\u0000${preset ?? ''}\u0000${model}`;
    const known = this.answers.get(key);
    if (known !== undefined) return known ?? undefined;
    const price = this.resolve(providerType, model, preset);
    if (this.answers.size >= MAX_CACHED_NAMES) this.answers.clear();
    this.answers.set(key, price ?? null);
    return price;
  }

  /**
   * This table as seen by one provider whose config sets per-model prices
   * (`providers.<name>.prices`): those win over the listed ones. Model names in `prices` match
   * the same variants a lookup does (`claude-sonnet-4-5` also covers `claude-sonnet-4-5-20250929`).
   * Tables are reused for the same `prices` object, so calling this per request is cheap.
   */
  withOverrides(prices: Readonly<Record<string, PriceOverride>> | undefined): PriceTable {
    const root = this.base ?? this;
    if (!prices || Object.keys(prices).length === 0) return root;
    let table = root.scoped.get(prices);
    if (!table) {
      const overrides = new Map(Object.entries(prices).map(([name, price]) => [normalizeModelName(name), price] as const));
      table = new PriceTable(root.version, root.byKey, root.listed, overrides, root);
      root.scoped.set(prices, table);
    }
    return table;
  }

  private resolve(providerType: string, model: string, preset: string | undefined): ModelPrice | undefined {
    const listed = this.base ? this.base.lookup(providerType, model, preset) : this.findListed(providerType, model, preset);
    const override = this.overrides && findOverride(this.overrides, model);
    return override ? applyOverride(override, listed) : listed;
  }

  private findListed(providerType: string, model: string, preset: string | undefined): ModelPrice | undefined {
    const name = normalizeModelName(model);
    const namespace = priceNamespace(providerType, preset);
    // The provider's own namespace first: on Groq, `openai/gpt-oss-120b` is a Groq model name.
    const own = namespace && this.findIn(namespace, name);
    if (own) return own;
    // Then a vendor prefix: OpenRouter's `anthropic/claude-sonnet-4.5`, or `openai/gpt-4o` sent to OpenAI.
    const vendor = splitVendorPrefix(name);
    return vendor && this.findIn(vendor.namespace, normalizeModelName(vendor.model));
  }

  private findIn(namespace: PriceNamespace, name: string): ModelPrice | undefined {
    for (const variant of nameVariants(name, namespace)) {
      const price = this.byKey.get(`${namespace}/${variant}`);
      if (price) return price;
    }
    return undefined;
  }
}

/**
 * The price for one routing target: the target's own `price` wins, then the provider's
 * per-model `prices`, then the bundled table. Undefined when none of them knows the model.
 */
export function priceForTarget(
  table: PriceTable,
  provider: { type: string; preset?: string; prices?: Readonly<Record<string, PriceOverride>> },
  model: string,
  targetPrice?: PriceOverride,
): ModelPrice | undefined {
  const listed = table.withOverrides(provider.prices).lookup(provider.type, model, provider.preset);
  return targetPrice ? applyOverride(targetPrice, listed) : listed;
}

function findOverride(overrides: ReadonlyMap<string, PriceOverride>, model: string): PriceOverride | undefined {
  const name = normalizeModelName(model);
  const slash = name.indexOf('/');
  const names = slash > 0 ? [name, name.slice(slash + 1)] : [name];
  for (const candidate of names) {
    for (const variant of nameVariants(candidate)) {
      const price = overrides.get(variant);
      if (price) return price;
    }
  }
  return undefined;
}

/**
 * A configured price replaces all the listed prices (an omitted `cachedInput` means cache reads
 * cost `input`; no long-context tier) but keeps the listed limits, which it cannot express.
 */
function applyOverride(override: PriceOverride, listed: ModelPrice | undefined): ModelPrice {
  const price: ModelPrice = { input: override.input, output: override.output };
  if (override.cachedInput !== undefined) price.cachedInput = override.cachedInput;
  if (override.cacheWrite !== undefined) price.cacheWrite = override.cacheWrite;
  if (override.cacheWrite1h !== undefined) price.cacheWrite1h = override.cacheWrite1h;
  if (listed?.contextWindow !== undefined) price.contextWindow = listed.contextWindow;
  if (listed?.maxInputTokens !== undefined) price.maxInputTokens = listed.maxInputTokens;
  if (listed?.maxOutputTokens !== undefined) price.maxOutputTokens = listed.maxOutputTokens;
  if (listed?.mode !== undefined) price.mode = listed.mode;
  // A tool's fee is no token price the config sets: it stays as listed.
  if (listed?.webSearchPer1k !== undefined) price.webSearchPer1k = listed.webSearchPer1k;
  return price;
}
