import { createHash } from 'node:crypto';
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

/** api.openai.com: `max_completion_tokens` (required by reasoning models), up to 4 stop sequences, GPT-5's verbosity and service tiers. */
export const openaiProviderFormat: ProviderFormat = createOpenAIProviderFormat({ maxTokensField: 'max_completion_tokens', maxStopSequences: 4, openaiFields: ['verbosity', 'service_tier'] });

/** Azure OpenAI: as OpenAI, but without service tiers. */
export const azureProviderFormat: ProviderFormat = createOpenAIProviderFormat({ maxTokensField: 'max_completion_tokens', maxStopSequences: 4, openaiFields: ['verbosity'] });

/** Ollama, vLLM, Groq, LM Studio, OpenRouter…: `max_tokens`, which they all understand. */
export const openaiCompatibleProviderFormat: ProviderFormat = createOpenAIProviderFormat({ maxTokensField: 'max_tokens' });

const MISTRAL_TOOL_CALL_ID = /^[A-Za-z0-9]{9}$/;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Mistral refuses a tool-call id that is not 9 letters and digits (400 "Tool call id was … but
 * must be a-z, A-Z, 0-9, with a length of 9"), so a conversation that has been through another
 * provider (`toolu_…`, `call_…`) could not continue on it. Such an id becomes 9 base62 digits of
 * its SHA-256: the same for a call and its result, and for the call on every later turn.
 */
export function mistralToolCallId(id: string): string {
  if (MISTRAL_TOOL_CALL_ID.test(id)) return id;
  const digest = createHash('sha256').update(id).digest();
  let out = '';
  for (let i = 0; i < 9; i++) out += BASE62[(digest[i] as number) % 62];
  return out;
}

/** Mistral: `max_tokens` and `random_seed`, neither `stream_options` nor `user` (it refuses both with a 422), and its own tool-call ids. */
export const mistralProviderFormat: ProviderFormat = createOpenAIProviderFormat({ maxTokensField: 'max_tokens', openaiExtras: false, seedField: 'random_seed', toolCallId: mistralToolCallId });
/** DeepSeek: OpenAI-compatible, and its thinking mode wants its reasoning back on tool-calling turns. */
export const deepseekProviderFormat: ProviderFormat = createOpenAIProviderFormat({ maxTokensField: 'max_tokens', replayReasoning: true });
