/**
 * The shape a request body is in, which is not always its endpoint's. Cursor, with its OpenAI base
 * URL overridden, sends Responses API bodies (`input`, `reasoning`, `include`, `text`) to
 * `/v1/chat/completions` and reads the answer as Chat Completions. Such a body is read as what it
 * is (guardrail, routing, cache key). It goes as sent only to a provider's endpoint for its own
 * shape (OpenAI's Responses API), and its answer is always read back and rendered in the
 * endpoint's shape: passed through, it would reach a Chat Completions server that refuses it, or
 * come back as a Responses answer the client cannot read.
 */
import { isObject } from '../formats/json-object';
import type { ClientShape } from '../providers/types';

export function bodyShapeOf(endpointShape: ClientShape, body: unknown): ClientShape {
  return endpointShape === 'openai' && isObject(body) && body.messages === undefined && body.input !== undefined ? 'openai-responses' : endpointShape;
}
