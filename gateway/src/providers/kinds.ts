import type { ProviderType } from '../config/schema';
import { anthropicKind } from './anthropic';
import { geminiKind } from './gemini';
import { azureKind, openaiCompatibleKind, openaiKind } from './openai';
import type { ProviderKind } from './types';

/** Every provider type the config accepts, in one registry. */
export const providerKinds: Record<ProviderType, ProviderKind> = {
  openai: openaiKind,
  'openai-compatible': openaiCompatibleKind,
  azure: azureKind,
  anthropic: anthropicKind,
  gemini: geminiKind,
};
