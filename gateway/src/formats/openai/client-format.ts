import type { ClientFormat } from '../types';
import { inspectChatRequest, parseChatRequest } from './parse-request';
import { renderChatCompletion } from './render-response';
import { createChatStreamRenderer } from './stream-renderer';

/** OpenAI chat.completions as spoken by clients of the gateway. */
export const openaiClientFormat: ClientFormat = {
  parseRequest: parseChatRequest,
  inspectRequest: inspectChatRequest,
  renderResponse: renderChatCompletion,
  createStreamRenderer: createChatStreamRenderer,
};
