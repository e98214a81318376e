import { anthropicProviderFormat, anthropicUsageTap, parseAnthropicError } from '../formats/anthropic';
import { foreignThinkingChanges } from '../formats/anthropic/foreign-thinking';
import { joinUrl, keyHeader } from './types';
import type { ProviderKind } from './types';

/** The API version the gateway speaks when it translates; native callers' own header wins. */
export const ANTHROPIC_VERSION = '2023-06-01';


export const anthropicKind: ProviderKind = {
  type: 'anthropic',
  nativeShape: 'anthropic',
  format: anthropicProviderFormat,
  embeddings: null,
  usageTap: anthropicUsageTap,
  chatUrl: (baseUrl) => joinUrl(baseUrl, '/v1/messages'),
  embeddingsUrl: () => null,
  countTokensUrl: (baseUrl) => joinUrl(baseUrl, '/v1/messages/count_tokens'),
  headers: (apiKey) => ({ 'anthropic-version': ANTHROPIC_VERSION, ...keyHeader('x-api-key', apiKey) }),
  parseError: parseAnthropicError,
  // Thinking another provider produced in this conversation is a 400 from Anthropic.
  nativeFixes: (raw, model) => {
    const set = foreignThinkingChanges(raw, model);
    return set && { set };
  },
};
