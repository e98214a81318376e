/**
 * OpenAI's Responses API (`POST /v1/responses`), client direction only. No provider speaks it to
 * the gateway, so these requests are always translated through the canonical shape, even to
 * OpenAI: the gateway stores no responses, and chat completions is what every OpenAI-compatible
 * server speaks.
 */
import type { ClientFormat } from '../types';
import { parseResponsesRequest } from './parse-request';
import { renderResponse } from './render-response';
import { createResponsesStreamRenderer } from './stream-renderer';

export const openaiResponsesClientFormat: ClientFormat = {
  parseRequest: parseResponsesRequest,
  renderResponse,
  createStreamRenderer: createResponsesStreamRenderer,
  echoesRequest: true,
};
