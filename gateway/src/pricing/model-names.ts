/**
 * How real-world model names map onto the price table's `<namespace>/<model>` keys.
 * Clients and providers spell the same model many ways (dated snapshots, `-latest`,
 * `models/` prefixes, `vendor/` prefixes, OpenRouter's dotted Claude names); the table lists
 * each model once, so a lookup tries the name as given and then progressively plainer forms.
 */

/** The providers whose list prices the table carries. */
export type PriceNamespace = 'openai' | 'anthropic' | 'gemini' | 'mistral' | 'groq' | 'deepseek' | 'xai';

/** Provider types, presets and `vendor/` prefixes that name a namespace. */
const namespaces: Readonly<Record<string, PriceNamespace>> = {
  openai: 'openai',
  // Azure OpenAI bills the OpenAI list price for the underlying model.
  azure: 'openai',
  anthropic: 'anthropic',
  gemini: 'gemini',
  google: 'gemini',
  mistral: 'mistral',
  mistralai: 'mistral',
  groq: 'groq',
  deepseek: 'deepseek',
  xai: 'xai',
  'x-ai': 'xai',
};

/**
 * The namespace whose prices apply to a provider. An `openai-compatible` provider takes its
 * preset's (preset `groq` → `groq/...`); one without a known preset (OpenRouter, Ollama, vLLM)
 * has none, so only vendor-prefixed model names (`anthropic/claude-...`) can be priced.
 */
export function priceNamespace(providerType: string, preset?: string): PriceNamespace | undefined {
  const type = providerType.toLowerCase();
  if (type === 'openai-compatible') return preset ? namespaces[preset.toLowerCase()] : undefined;
  return namespaces[type];
}

/** Lower-cased, trimmed, without Gemini's `models/` resource prefix. */
export function normalizeModelName(model: string): string {
  return model
    .trim()
    .toLowerCase()
    .replace(/^(?:.*\/)?models\//, '');
}

/** `anthropic/claude-sonnet-4.5` → namespace `anthropic`, model `claude-sonnet-4.5`. */
export function splitVendorPrefix(name: string): { namespace: PriceNamespace; model: string } | undefined {
  const slash = name.indexOf('/');
  if (slash <= 0) return undefined;
  const namespace = namespaces[name.slice(0, slash)];
  const model = name.slice(slash + 1);
  return namespace && model ? { namespace, model } : undefined;
}

/**
 * Suffixes that do not change the price, removed one at a time (first match wins, so full
 * dates go before their shorter look-alikes). A name with a distinct price (`gpt-4o-2024-05-13`,
 * `mistral-large-2411`) is listed in the table itself and matches before any stripping.
 */
const priceNeutralSuffixes: readonly RegExp[] = [
  /:[a-z0-9-]+$/, // OpenRouter variants: `:free`, `:thinking`, `:nitro`
  /-latest$/,
  /@\d{8}$/, // Vertex AI snapshots: `claude-sonnet-4-5@20250929`
  /-\d{8}$/, // Anthropic snapshots: `-20250929`
  /-\d{4}-\d{2}-\d{2}$/, // OpenAI snapshots: `-2024-08-06`
  /-\d{2}-\d{4}$/, // Gemini previews: `-09-2025`
  /-\d{2}-\d{2}$/, // older Gemini previews: `-06-05`
  /-\d{3,4}$/, // Mistral, xAI and Gemini versions: `-2411`, `-0709`, `-001`
  /-preview$/,
];

/** The name, then each plainer form of it, most specific first. */
export function* nameVariants(name: string, namespace?: PriceNamespace): Generator<string> {
  // OpenRouter writes Claude versions with dots (`claude-3.7-sonnet`); Anthropic uses dashes.
  let current = namespace === 'anthropic' ? name.replace(/(\d)\.(\d)/g, '$1-$2') : name;
  yield current;
  for (;;) {
    const next = stripOneSuffix(current);
    if (next === undefined) return;
    current = next;
    yield current;
  }
}

function stripOneSuffix(name: string): string | undefined {
  for (const suffix of priceNeutralSuffixes) {
    const stripped = name.replace(suffix, '');
    if (stripped !== name) return stripped.length > 0 ? stripped : undefined;
  }
  return undefined;
}
