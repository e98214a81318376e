import type { FinishReason, StreamEvent, Usage } from '../../canonical/types';
import type { GatewayError } from '../../errors/gateway-error';
import type { RenderContext, StreamRenderer } from '../types';
import { renderGeminiError } from './errors';
import { newResponseId } from './ids';
import { type AnswerPart, clientSignature, functionCallOf, modelContent, toGeminiFinishReason, toGeminiUsage } from './render-response';

/**
 * One frame of `alt=sse`. Gemini ends each with CRLF CRLF (recorded from the live API); every SSE
 * reader takes it, the @google/genai SDK's own splitter included.
 */
export const geminiFrame = (body: unknown): string => `data: ${JSON.stringify(body)}\r\n\r\n`;

interface HeldCall {
  id: string;
  name: string;
  args: string;
  signature?: string;
}

/**
 * Renders canonical stream events as `streamGenerateContent?alt=sse`: data-only frames, each a
 * whole GenerateContentResponse holding the parts new since the last, and no `[DONE]`. Text and
 * thought summaries go out as they come. A function call goes out whole, as Gemini sends them:
 * its argument deltas are held until the call is complete, which is when anything else follows it
 * or the stream ends. The finish reason and usage are held for the last frame, sent by `end()`,
 * because OpenAI-style upstreams report usage after their finish.
 */
export class GeminiStreamRenderer implements StreamRenderer {
  private id: string | undefined;
  private ended = false;
  /** A Gemini signature waiting for the part it belongs to, the next one. */
  private signature: string | undefined;
  private readonly calls = new Map<number, HeldCall>();
  private usage: Partial<Usage> = {};
  private finish: FinishReason | undefined;

  constructor(private readonly ctx: RenderContext) {}

  push(event: StreamEvent): string {
    if (this.ended) return '';
    switch (event.type) {
      case 'start':
        this.id ??= event.id;
        this.usage = { ...this.usage, ...event.usage };
        return '';
      case 'usage':
        this.usage = { ...this.usage, ...event.usage };
        return '';
      case 'text':
        return event.text === '' ? '' : this.content({ text: event.text });
      case 'thinking':
        return event.text === '' ? '' : this.content({ text: event.text, thought: true });
      case 'thinking-signature':
        this.signature = clientSignature(event.signature) ?? this.signature;
        return '';
      case 'tool-call-start': {
        if (this.calls.has(event.index)) return '';
        const signature = this.takeSignature();
        this.calls.set(event.index, { id: event.id, name: event.name, args: '', ...(signature === undefined ? {} : { signature }) });
        return '';
      }
      case 'tool-call-delta': {
        const call = this.calls.get(event.index);
        if (call !== undefined) call.args += event.argumentsDelta;
        return '';
      }
      case 'finish':
        this.finish = event.finishReason;
        return '';
      // Another provider's encrypted thinking: nothing in Gemini's shape carries it.
      case 'redacted-thinking':
        return '';
    }
  }

  /** The last frame: calls still held, the finish reason and usage. */
  end(): string {
    if (this.ended) return '';
    this.ended = true;
    return this.frame(this.heldCalls(), {
      finishReason: toGeminiFinishReason(this.finish ?? 'stop'),
      usageMetadata: toGeminiUsage(this.usage),
    });
  }

  /** `data: {"error":{code,message,status}}`, which Google's SDK raises as an ApiError with that code. */
  error(error: GatewayError): string {
    this.ended = true;
    return geminiFrame(renderGeminiError(error));
  }

  /** Held calls go out first: whatever follows a call means its arguments are complete. */
  private content(part: AnswerPart): string {
    const calls = this.heldCalls();
    const signature = this.takeSignature();
    return (calls.length > 0 ? this.frame(calls) : '') + this.frame([signature === undefined ? part : { ...part, thoughtSignature: signature }]);
  }

  private heldCalls(): AnswerPart[] {
    const parts = [...this.calls.values()].map(({ id, name, args, signature }): AnswerPart => {
      const part: AnswerPart = { functionCall: functionCallOf({ id, name, arguments: args }) };
      return signature === undefined ? part : { ...part, thoughtSignature: signature };
    });
    this.calls.clear();
    return parts;
  }

  private takeSignature(): string | undefined {
    const signature = this.signature;
    this.signature = undefined;
    return signature;
  }

  private frame(parts: AnswerPart[], last?: { finishReason: string; usageMetadata: Record<string, number> }): string {
    this.id ??= newResponseId();
    return geminiFrame({
      candidates: [{ content: modelContent(parts), ...(last === undefined ? {} : { finishReason: last.finishReason }), index: 0 }],
      ...(last === undefined ? {} : { usageMetadata: last.usageMetadata }),
      modelVersion: this.ctx.model,
      responseId: this.id,
    });
  }
}

export const createGeminiStreamRenderer = (ctx: RenderContext): StreamRenderer => new GeminiStreamRenderer(ctx);
