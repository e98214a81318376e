import type { SseEvent } from '../../../sse/decoder';
import { isObject } from '../../json-object';

/** The `"type"` OpenAI writes first in every event's data. */
const LEADING_TYPE = /^\s*\{\s*"type"\s*:\s*"([^"\\]*)"/;

/**
 * A Responses stream event's type: its `event:` line, or, in a stream framed without them (a
 * proxy in front of OpenAI: LiteLLM's sends `data:` lines only, BerriAI/litellm#34095), the
 * `type` its data carries, which is what the SDKs read. Only such a stream pays for reading the data.
 */
export function responsesEventType(event: SseEvent): string {
  if (event.event !== undefined) return event.event;
  const leading = LEADING_TYPE.exec(event.data);
  if (leading) return leading[1] as string;
  try {
    const data: unknown = JSON.parse(event.data);
    return isObject(data) && typeof data.type === 'string' ? data.type : '';
  } catch {
    return '';
  }
}
