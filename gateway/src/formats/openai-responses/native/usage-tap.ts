import type { Usage } from '../../../canonical/types';
import type { GatewayError } from '../../../errors/gateway-error';
import { sseFrame } from '../../../sse/decoder';
import type { SseEvent } from '../../../sse/decoder';
import { isObject } from '../../json-object';
import { renderOpenAIError } from '../../openai/errors';
import type { UsageTap } from '../../types';
import { responsesEventType } from './event-type';
import { fromResponsesUsage } from './usage';

const SEQUENCE = /"sequence_number"\s*:\s*(\d+)/;
const TERMINAL = new Set(['response.completed', 'response.incomplete']);
/** Events whose data holds the whole response object so far. */
const SNAPSHOTS = new Set(['response.created', 'response.in_progress', 'response.queued']);

/**
 * Reads usage from OpenAI's Responses API forwarded untouched: the `usage` of the response a
 * stream's `response.completed` (or `response.incomplete`) carries, or of the body. It also
 * follows the stream's `sequence_number`s, so an error the gateway has to add mid-stream
 * continues the numbering the client has seen (see `errorFrames`).
 */
export function responsesUsageTap(): UsageTap {
  let usage: Usage | undefined;
  let model: string | undefined;
  let done = false;
  let sequence = -1;
  let snapshot: Record<string, unknown> = {};
  return {
    fromResponse(body: unknown): Usage | undefined {
      return isObject(body) ? fromResponsesUsage(body.usage) : undefined;
    },
    observe(event: SseEvent): void {
      const number = SEQUENCE.exec(event.data);
      if (number !== null) sequence = Math.max(sequence, Number(number[1]));
      const type = responsesEventType(event);
      // Only the few events that hold the response are parsed; deltas are not.
      if (!TERMINAL.has(type) && !SNAPSHOTS.has(type)) return;
      try {
        const data: unknown = JSON.parse(event.data);
        const response = isObject(data) && isObject(data.response) ? data.response : undefined;
        if (response === undefined) return;
        snapshot = response;
        if (typeof response.model === 'string' && response.model !== '') model = response.model;
        if (TERMINAL.has(type)) {
          usage = fromResponsesUsage(response.usage) ?? usage;
          done = true;
        }
      } catch {
        // A malformed event is the client's to notice; the tap only reads what it can.
      }
    },
    usage: () => usage,
    finished: () => done,
    model: () => model,
    storedResponseId: () => storedResponseId(snapshot),
    /**
     * The `error` event and `response.failed` that end a native stream the gateway had to cut
     * (a silent provider, a broken connection, the provider's own error event answered without
     * its secrets), numbered on from the last event the client got, as the translated stream's
     * renderer does.
     */
    errorFrames(error: GatewayError): string {
      const body = renderOpenAIError(error).error;
      const failed = Object.assign({}, snapshot, { status: 'failed', error: { code: body.code ?? body.type, message: body.message } });
      const event = (type: string, fields: Record<string, unknown>): string =>
        sseFrame(JSON.stringify(Object.assign({ type, sequence_number: ++sequence }, fields)), type);
      return event('error', { code: body.code, message: body.message, param: body.param, error: body }) + event('response.failed', { response: failed });
    },
  };
}

/**
 * A response object's id, if the provider keeps it to be asked for by id: `store` is true unless
 * the request said false, and a background run is kept for polling (about 10 minutes) either way.
 */
export function storedResponseId(response: unknown): string | undefined {
  if (!isObject(response) || (response.store === false && response.background !== true)) return undefined;
  return typeof response.id === 'string' && response.id !== '' ? response.id : undefined;
}

/** Whether a response object is a background run not yet finished (`queued`, `in_progress`), whose usage is still to come. */
export function unfinishedRun(response: unknown): boolean {
  return isObject(response) && response.background === true && (response.status === 'queued' || response.status === 'in_progress');
}
