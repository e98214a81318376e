import type { StreamEvent } from '../../canonical/types';
import { GatewayError, streamTruncated } from '../../errors/gateway-error';
import type { SseEvent } from '../../sse/decoder';
import type { StreamParser } from '../types';
import { generationFailed } from './errors';
import { fromGeminiFinishReason } from './finish-reason';
import { newResponseId, newToolCallId } from './ids';
import { noCandidateReason, readResponse } from './parse-response';
import { markSignature } from './signatures';
import { fromGeminiUsage } from './usage';
import type { GeminiResponsePart } from './wire';

/**
 * `streamGenerateContent?alt=sse` → canonical events. Each data-only frame is a whole
 * GenerateContentResponse holding the parts new since the last frame. Function calls arrive
 * complete, so each one is a tool-call-start plus a single delta with all its arguments.
 * Signatures are emitted before the part that carried them, marked as Gemini's, mirroring
 * parseGeminiResponse.
 */
export function createGeminiStreamParser(): StreamParser {
  let started = false;
  let finished = false;
  let toolCalls = 0;
  let lastUsage = '';

  const partEvents = (part: GeminiResponsePart, events: StreamEvent[]): void => {
    const text = part.text ?? '';
    const signature = part.thoughtSignature == null ? undefined : markSignature(part.thoughtSignature);
    if (part.thought === true) {
      if (text !== '') events.push({ type: 'thinking', text });
      if (signature !== undefined) events.push({ type: 'thinking-signature', signature });
      return;
    }
    if (signature !== undefined) events.push({ type: 'thinking-signature', signature });
    if (part.functionCall != null) {
      const index = toolCalls++;
      const id = part.functionCall.id ?? newToolCallId();
      events.push({ type: 'tool-call-start', index, id, name: part.functionCall.name });
      events.push({ type: 'tool-call-delta', index, argumentsDelta: JSON.stringify(part.functionCall.args ?? {}) });
    } else if (text !== '') {
      events.push({ type: 'text', text });
    }
  };

  return {
    push(event: SseEvent): StreamEvent[] {
      const data = event.data.trim();
      if (data === '') return [];
      const frame = readResponse(parseJson(data));
      const events: StreamEvent[] = [];
      const usage = frame.usageMetadata != null ? fromGeminiUsage(frame.usageMetadata) : undefined;
      if (!started) {
        started = true;
        const id = frame.responseId ?? newResponseId();
        const model = frame.modelVersion ?? '';
        if (usage === undefined) events.push({ type: 'start', id, model });
        else {
          lastUsage = JSON.stringify(usage);
          events.push({ type: 'start', id, model, usage });
        }
      }
      const candidate = frame.candidates?.[0];
      // Anything after the finish (Gemini sends none today) would reach the client after its end.
      if (!finished && candidate != null) for (const part of candidate.content?.parts ?? []) partEvents(part, events);
      // Every frame repeats the running totals; consumers keep the last usage they see.
      if (usage !== undefined && JSON.stringify(usage) !== lastUsage) {
        lastUsage = JSON.stringify(usage);
        events.push({ type: 'usage', usage });
      }
      if (!finished) {
        if (candidate?.finishReason != null) {
          finished = true;
          const finishReason = fromGeminiFinishReason(candidate.finishReason, toolCalls > 0);
          // A failed generation ends the stream as an error, never as a finish, whatever was sent before it.
          if (finishReason === 'error') throw generationFailed(candidate.finishReason, candidate.finishMessage);
          events.push({ type: 'finish', finishReason });
        } else if (candidate == null && frame.promptFeedback?.blockReason != null) {
          finished = true;
          events.push({ type: 'finish', finishReason: noCandidateReason(frame) });
        }
      }
      return events;
    },

    /**
     * Gemini ends every complete stream with a finishReason. A stream that stops without one was
     * cut off, and throws: the client gets an error rather than a short answer passed off as whole.
     */
    end(): StreamEvent[] {
      if (finished) return [];
      throw streamTruncated();
    },
  };
}

function parseJson(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    throw new GatewayError('upstream', 'Gemini sent a stream frame that is not JSON', {
      code: 'bad_upstream_response',
      provider: 'gemini',
    });
  }
}
