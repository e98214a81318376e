import { SseDecoder } from '../../sse/decoder';
import type { StreamFraming } from '../types';

/**
 * `streamGenerateContent` without `alt=sse`: one JSON array whose elements are the
 * GenerateContentResponse chunks, written as they come (`[{…}`, `,\r\n{…}`, …, `]`). Clients
 * that read it (Semantic Kernel's Gemini connector, several Rust and Elixir clients) split it
 * by brace depth or parse it whole, so each element is the same JSON an `alt=sse` frame carries.
 * The stream is rendered as SSE, as for every other client, and re-framed here.
 */
export class GeminiJsonArrayFraming implements StreamFraming {
  readonly contentType = 'application/json; charset=UTF-8';
  private readonly decoder = new SseDecoder();
  private elements = 0;
  private ended = false;

  push(sse: string | Buffer): string {
    return this.ended ? '' : this.elementsOf(this.decoder.push(sse));
  }

  end(): string {
    if (this.ended) return '';
    const rest = this.elementsOf(this.decoder.end());
    this.ended = true;
    return `${rest}${this.elements === 0 ? '[' : '\r\n'}]`;
  }

  private elementsOf(events: ReadonlyArray<{ data: string }>): string {
    let out = '';
    for (const { data } of events) {
      if (data.trim() === '') continue;
      out += (this.elements === 0 ? '[' : '\r\n,') + data;
      this.elements += 1;
    }
    return out;
  }
}
