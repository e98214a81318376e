/**
 * An incremental decoder for `text/event-stream` (WHATWG HTML §9.2.6): feed it bytes as they
 * arrive, get complete events back. Handles CRLF/CR/LF line ends, multi-line `data:`, comments
 * and events split across chunks at any byte.
 */
export interface SseEvent {
  /** The `event:` field; undefined for the default "message" event. */
  event?: string;
  data: string;
  id?: string;
}

export class SseDecoder {
  private buffer = '';
  private readonly utf8 = new TextDecoder('utf-8');
  private eventName: string | undefined;
  private dataLines: string[] = [];
  private lastId: string | undefined;

  /** Decode a chunk; returns the events it completed. */
  push(chunk: Uint8Array | string): SseEvent[] {
    this.buffer += typeof chunk === 'string' ? chunk : this.utf8.decode(chunk, { stream: true });
    const events: SseEvent[] = [];
    let start = 0;
    for (;;) {
      const lf = this.buffer.indexOf('\n', start);
      const cr = this.buffer.indexOf('\r', start);
      let end: number;
      let next: number;
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        // A CR at the very end may be the first half of a CRLF: wait for more input.
        if (cr === this.buffer.length - 1) break;
        end = cr;
        next = this.buffer[cr + 1] === '\n' ? cr + 2 : cr + 1;
      } else if (lf !== -1) {
        end = lf;
        next = lf + 1;
      } else {
        break;
      }
      this.line(this.buffer.slice(start, end), events);
      start = next;
    }
    this.buffer = start === 0 ? this.buffer : this.buffer.slice(start);
    return events;
  }

  /** Flush at end of input: a final event without its blank line is still delivered. */
  end(): SseEvent[] {
    const events: SseEvent[] = [];
    const rest = this.buffer + this.utf8.decode();
    this.buffer = '';
    if (rest.length > 0) this.line(rest.replace(/\r$/, ''), events);
    this.line('', events);
    return events;
  }

  private line(line: string, events: SseEvent[]): void {
    if (line === '') {
      if (this.dataLines.length > 0 || this.eventName !== undefined) {
        const event: SseEvent = { data: this.dataLines.join('\n') };
        if (this.eventName !== undefined) event.event = this.eventName;
        if (this.lastId !== undefined) event.id = this.lastId;
        if (this.dataLines.length > 0) events.push(event);
      }
      this.eventName = undefined;
      this.dataLines = [];
      return;
    }
    if (line.charCodeAt(0) === 58 /* ':' */) return; // comment / keep-alive
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === 'data') this.dataLines.push(value);
    else if (field === 'event') this.eventName = value;
    else if (field === 'id' && !value.includes('\0')) this.lastId = value;
  }
}

/**
 * One SSE frame. `event` is omitted for OpenAI-style data-only streams. Data of several lines
 * (an event decoded from several `data:` lines) goes out as as many `data:` lines, so the
 * client decodes the same data.
 */
export function sseFrame(data: string, event?: string): string {
  const lines = data.includes('\n') ? data.split('\n').join('\ndata: ') : data;
  return event === undefined ? `data: ${lines}\n\n` : `event: ${event}\ndata: ${lines}\n\n`;
}
