import type { ChatRequest } from '../canonical/types';
import { invalidRequest } from '../errors/gateway-error';
import type { ClientShape } from '../providers/types';

// The client's own name for the stop list, so the error points at the field it sent.
// The Responses API has no stop list, so its requests never carry one.
const STOP_PARAM: Record<ClientShape, string> = { openai: 'stop', anthropic: 'stop_sequences', 'openai-responses': 'stop', gemini: 'generationConfig.stopSequences' };

/**
 * Dropping stop sequences would let the model run past where the client wants it to stop, so a
 * request with more than this target takes is refused for it as untranslatable_content, on
 * which a fallback route moves on to a target that takes them.
 */
export function checkStopLimit(request: ChatRequest, max: number, client: ClientShape): void {
  if (request.stop === undefined || request.stop.length <= max) return;
  const param = STOP_PARAM[client];
  throw invalidRequest(
    `Invalid '${param}': this provider takes at most ${max} stop sequences, the request has ${request.stop.length}`,
    param,
    'untranslatable_content',
  );
}
