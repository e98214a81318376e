/**
 * OpenAI's Responses API (`POST /v1/responses`). A request goes natively to OpenAI itself
 * (`native/`: the body as sent, the answer untouched) and is translated through the canonical
 * shape for every other provider (this client direction).
 */
import type { ClientFormat } from '../types';
import { inspectResponsesRequest, parseResponsesRequest } from './parse-request';
import { renderResponse } from './render-response';
import { createResponsesStreamRenderer } from './stream-renderer';

export const openaiResponsesClientFormat: ClientFormat = {
  parseRequest: parseResponsesRequest,
  inspectRequest: inspectResponsesRequest,
  renderResponse,
  createStreamRenderer: createResponsesStreamRenderer,
  echoesRequest: true,
};
