import type { ClientFormat, ProviderFormat } from '../types';
import { type AnthropicApiVersion, DEFAULT_ANTHROPIC_API_VERSION, buildAnthropicRequest } from './build-request';
import { inspectAnthropicRequest, parseAnthropicRequest } from './parse-request';
import { parseAnthropicResponse } from './parse-response';
import { renderAnthropicResponse } from './render-response';
import { createAnthropicStreamParser } from './stream-parser';
import { createAnthropicStreamRenderer } from './stream-renderer';

/** The Messages API as spoken by clients (Claude Code, the Anthropic SDKs) to the gateway. */
export const anthropicClientFormat: ClientFormat = {
  parseRequest: parseAnthropicRequest,
  inspectRequest: inspectAnthropicRequest,
  renderResponse: renderAnthropicResponse,
  createStreamRenderer: createAnthropicStreamRenderer,
};

export interface AnthropicProviderOptions {
  /** The `anthropic-version` the provider adapter sends; decides whether sampling parameters may be sent. */
  apiVersion?: AnthropicApiVersion;
}

/** The Messages API as spoken by the gateway to Anthropic (or an Anthropic-compatible server). */
export function createAnthropicProviderFormat(options: AnthropicProviderOptions = {}): ProviderFormat {
  const apiVersion = options.apiVersion ?? DEFAULT_ANTHROPIC_API_VERSION;
  return {
    buildRequest: (request, model) => buildAnthropicRequest(request, model, apiVersion),
    parseResponse: parseAnthropicResponse,
    createStreamParser: createAnthropicStreamParser,
  };
}

/** For API version 2023-06-01, the version the provider adapter sends when translating. */
export const anthropicProviderFormat: ProviderFormat = createAnthropicProviderFormat();

export {
  DEFAULT_ANTHROPIC_API_VERSION,
  DEFAULT_MAX_TOKENS,
  DEFAULT_THINKING_MAX_TOKENS,
  EFFORT_BUDGETS,
  buildAnthropicRequest,
  type AnthropicApiVersion,
} from './build-request';
export { anthropicErrorToGateway, parseAnthropicError, renderAnthropicError } from './errors';
export { modelCapabilities, type ModelCapabilities } from './model-capabilities';
export { inspectAnthropicRequest, parseAnthropicRequest } from './parse-request';
export { parseAnthropicResponse } from './parse-response';
export { renderAnthropicResponse } from './render-response';
export { AnthropicStreamParser, createAnthropicStreamParser } from './stream-parser';
export { AnthropicStreamRenderer, createAnthropicStreamRenderer } from './stream-renderer';
export { anthropicUsageTap } from './usage-tap';
