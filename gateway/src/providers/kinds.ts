import type { ProviderConfig, ProviderType } from '../config/schema';
import { anthropicKind } from './anthropic';
import { geminiKind } from './gemini';
import { azureBearerKind, azureKind, azureResponsesApi, deepseekKind, mistralKind, openaiCompatibleKind, openaiKind } from './openai';
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
const presetKinds: Readonly<Record<string, ProviderKind>> = { mistral: mistralKind, deepseek: deepseekKind };

/** The same servers named by their API host instead of a preset. */
const hostKinds: ReadonlyArray<readonly [string, ProviderKind]> = [
  ['api.mistral.ai', mistralKind],
  // Mistral's endpoint for Codestral, with keys of its own.
  ['codestral.mistral.ai', mistralKind],
  ['api.deepseek.com', deepseekKind],
];

/** The kind one configured provider speaks: its type's (Azure's as its `auth` says), or its server's own (by preset or API host). */
export function providerKind(config: ProviderConfig): ProviderKind {
  if (config.type === 'azure') {
    const kind = config.auth === 'bearer' || config.auth === 'entra' ? azureBearerKind : azureKind;
    return config.nativeResponses === true ? { ...kind, nativeApis: { 'openai-responses': azureResponsesApi } } : kind;
  }
  if (config.type !== 'openai-compatible') return providerKinds[config.type];
  if (config.preset !== undefined && Object.hasOwn(presetKinds, config.preset)) return presetKinds[config.preset] as ProviderKind;
  const baseUrl = config.baseUrl;
  const byHost = baseUrl === undefined ? undefined : hostKinds.find(([host]) => baseUrl.includes(host));
  return byHost ? byHost[1] : providerKinds[config.type];
}
