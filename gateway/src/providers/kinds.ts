import type { ProviderConfig, ProviderType } from '../config/schema';
import { anthropicKind } from './anthropic';
import { geminiKind } from './gemini';
import { azureKind, mistralKind, openaiCompatibleKind, openaiKind } from './openai';
import type { ProviderKind } from './types';

/** Every provider type the config accepts, in one registry. */
export const providerKinds: Record<ProviderType, ProviderKind> = {
  openai: openaiKind,
  'openai-compatible': openaiCompatibleKind,
  azure: azureKind,
  anthropic: anthropicKind,
  gemini: geminiKind,
};

/** Presets whose server differs on the wire from the OpenAI-compatible shape the others share. */
const presetKinds: Readonly<Record<string, ProviderKind>> = { mistral: mistralKind };

/** The kind one configured provider speaks: its type's, or its preset's own. */
export function providerKind(config: ProviderConfig): ProviderKind {
  const preset = config.type === 'openai-compatible' && config.preset !== undefined && Object.hasOwn(presetKinds, config.preset) ? presetKinds[config.preset] : undefined;
  return preset ?? providerKinds[config.type];
}
