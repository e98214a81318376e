import type { SseEvent } from '../sse/decoder';
import { isRecord } from './copy-on-write';

/** An SSE event's data as a JSON object; undefined when it is not one (`[DONE]`, a broken frame). */
export function parseData(event: SseEvent): Record<string, unknown> | undefined {
  try {
    const data: unknown = JSON.parse(event.data);
    return isRecord(data) ? data : undefined;
  } catch {
    return undefined;
  }
}
