/**
 * The "add provider" form's logic: the presets to offer (the gateway's, plus the native provider
 * types it may not list), the config a choice writes, and the checks before sending.
 */
import type { ProviderDto, ProviderPresetDto } from '../../api/contract';

export const CUSTOM_PRESET_ID = 'custom';

/** Native types the config supports directly (docs/config.md); added when GET /presets omits them. */
const NATIVE: ProviderPresetDto[] = [
  { id: 'openai', label: 'OpenAI', type: 'openai', baseUrl: 'https://api.openai.com/v1', requiresKey: true, models: [] },
  { id: 'anthropic', label: 'Anthropic', type: 'anthropic', baseUrl: 'https://api.anthropic.com', requiresKey: true, models: [] },
  { id: 'gemini', label: 'Google Gemini', type: 'gemini', baseUrl: 'https://generativelanguage.googleapis.com/v1beta', requiresKey: true, models: [] },
  { id: 'azure', label: 'Azure OpenAI', type: 'azure', baseUrl: '', requiresKey: true, models: [] },
];

const CUSTOM: ProviderPresetDto = { id: CUSTOM_PRESET_ID, label: 'Other OpenAI-compatible server', type: 'openai-compatible', baseUrl: '', requiresKey: false, models: [] };

/** Native types first, then the gateway's presets, then "other". */
export function presetChoices(fromGateway: readonly ProviderPresetDto[]): ProviderPresetDto[] {
  const ids = new Set(fromGateway.map((p) => p.id));
  return [...NATIVE.filter((p) => !ids.has(p.id)), ...fromGateway, CUSTOM];
}

export interface ProviderFormValues {
  presetId: string;
  name: string;
  baseUrl: string;
  /**
   * Whether the provider gets `credential: <name>`: a key was typed (its value never goes
   * through this module), or the store is read-only and the key comes from the environment.
   */
  hasKey: boolean;
}

/** The provider entry for the config. A preset's default base URL is left out so it can follow the preset. */
export function providerConfigFor(preset: ProviderPresetDto, values: ProviderFormValues): ProviderDto['config'] {
  const baseUrl = values.baseUrl.trim().replace(/\/+$/, '');
  const customUrl = baseUrl !== '' && baseUrl !== preset.baseUrl.replace(/\/+$/, '');
  const credential = values.hasKey ? { credential: values.name.trim() } : {};
  if (preset.id === CUSTOM_PRESET_ID) return { type: 'openai-compatible', baseUrl, ...credential };
  if (preset.type === 'openai-compatible') return { type: 'openai-compatible', preset: preset.id, ...(customUrl ? { baseUrl } : {}), ...credential };
  return { type: preset.type, ...(customUrl || preset.type === 'azure' ? { baseUrl } : {}), ...credential };
}

/** A free provider name based on the preset id (`openai`, then `openai-2`, …). */
export function suggestName(presetId: string, taken: readonly string[]): string {
  const base = presetId === CUSTOM_PRESET_ID ? 'local' : presetId;
  if (!taken.includes(base)) return base;
  for (let i = 2; ; i += 1) if (!taken.includes(`${base}-${i}`)) return `${base}-${i}`;
}

export type FormErrors = Partial<Record<'name' | 'baseUrl' | 'key', string>>;

export function checkProviderForm(preset: ProviderPresetDto, values: ProviderFormValues, taken: readonly string[], keyWritable: boolean): FormErrors {
  const errors: FormErrors = {};
  const name = values.name.trim();
  if (!name) errors.name = 'Give the provider a name; routes refer to it';
  else if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) errors.name = 'Use letters, digits, ".", "_" and "-", starting with a letter or digit';
  else if (name.length > 64) errors.name = 'At most 64 characters';
  else if (taken.includes(name)) errors.name = `A provider named "${name}" exists already`;
  const baseUrl = values.baseUrl.trim();
  const needsUrl = preset.id === CUSTOM_PRESET_ID || preset.type === 'azure' || !preset.baseUrl;
  if (needsUrl && !baseUrl) errors.baseUrl = preset.type === 'azure' ? 'Enter your resource URL, e.g. https://NAME.openai.azure.com' : 'Enter the server’s base URL, e.g. http://127.0.0.1:8080/v1';
  else if (baseUrl && !/^https?:\/\/[^\s/]+/.test(baseUrl)) errors.baseUrl = 'Must be an http(s) URL';
  if (preset.requiresKey && keyWritable && !values.hasKey) errors.key = 'This provider needs an API key';
  return errors;
}
