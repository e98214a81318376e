import type { ProviderFormat } from '../types';
import { buildChatRequest, type OpenAIRequestOptions } from './build-request';
import { parseChatCompletion } from './parse-response';
import { createChatStreamParser } from './stream-parser';

/** An OpenAI-shaped provider; `options` covers how servers differ on the wire. */
export function createOpenAIProviderFormat(options: OpenAIRequestOptions): ProviderFormat {
  return {
    buildRequest: (request, model, client) => buildChatRequest(request, model, options, client),
    parseResponse: parseChatCompletion,
    createStreamParser: createChatStreamParser,
  };
}

/** api.openai.com and Azure OpenAI: `max_completion_tokens` (required by reasoning models), up to 4 stop sequences. */
export const openaiProviderFormat: ProviderFormat = createOpenAIProviderFormat({ maxTokensField: 'max_completion_tokens', maxStopSequences: 4 });

/** Ollama, vLLM, Groq, LM Studio, OpenRouter…: `max_tokens`, which they all understand. */
export const openaiCompatibleProviderFormat: ProviderFormat = createOpenAIProviderFormat({ maxTokensField: 'max_tokens' });

/** Mistral: `max_tokens`, and neither `stream_options` nor `user`, which it refuses with a 422. */
export const mistralProviderFormat: ProviderFormat = createOpenAIProviderFormat({ maxTokensField: 'max_tokens', openaiExtras: false });
