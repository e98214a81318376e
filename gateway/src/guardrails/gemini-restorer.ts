import { isRecord, mapArray, mapIfArray, setField } from './copy-on-write';
import { parseData } from './event-data';
import { restoreJsonValue, restoreText } from './restore';
import { TextRestorers } from './stream-restorer';
import type { SseRestorer } from './sse-restorer';
import type { Vault } from './vault';

type TextPart = Record<string, unknown> & { text: string };

/** Answer text; thought summaries are left as the model wrote them, like thinking elsewhere. */
const isAnswerText = (part: unknown): part is TextPart => isRecord(part) && part.thought !== true && typeof part.text === 'string';

/**
 * Restores Gemini's own `generateContent` answer (a native call): its candidates' text parts and
 * their function calls' `args`. Returns the same object when nothing changed.
 */
export function restoreGeminiBody(body: Record<string, unknown>, vault: Vault): Record<string, unknown> {
  return setField(body, 'candidates', mapIfArray(body.candidates, (candidate) => {
    if (!isRecord(candidate) || !isRecord(candidate.content)) return candidate;
    const parts = mapIfArray(candidate.content.parts, (part) => (isAnswerText(part) ? setField(part, 'text', restoreText(part.text, vault)) : restoreCall(part, vault)));
    return setField(candidate, 'content', setField(candidate.content, 'parts', parts));
  }));
}

/** A functionCall part with its args restored; function calls arrive whole, even when streamed. */
function restoreCall(part: unknown, vault: Vault): unknown {
  if (!isRecord(part) || !isRecord(part.functionCall)) return part;
  return setField(part, 'functionCall', setField(part.functionCall, 'args', restoreJsonValue(part.functionCall.args, vault)));
}

/** What Gemini repeats in every frame (ids, version, running usage): a frame with only these and held text can be left out. */
const REPEATED = new Set(['candidates', 'usageMetadata', 'modelVersion', 'responseId', 'createTime']);

/**
 * Restores `streamGenerateContent?alt=sse`, where every frame is a whole GenerateContentResponse.
 * Each candidate's answer text is one stream: a possible placeholder at a frame's end is held back
 * and goes out with the candidate's next text, before its next function call or other part, or
 * on the frame that carries its finishReason. Frames with nothing to restore go out as they came.
 */
export function geminiSseRestorer(vault: Vault): SseRestorer {
  const texts = new TextRestorers(vault);
  let envelope: Record<string, unknown> = {};


  /** One candidate's parts in this frame; the same array when nothing changed. */
  const restoreParts = (parts: readonly unknown[], index: number, finished: boolean): unknown[] => {
    const out: unknown[] = [];
    for (const part of parts) {
      if (isAnswerText(part)) {
        const released = texts.push(index, part.text);
        // Gemini CLI skips a frame with an empty text part, so a bare part that is all held back goes.
        const heldWhole = released === '' && part.text !== '' && Object.keys(part).length === 1;
        if (!heldWhole) out.push(setField(part, 'text', released));
        continue;
      }
      if (isRecord(part) && part.thought !== true) {
        const rest = texts.flush(index);
        if (rest) out.push({ text: rest });
      }
      out.push(restoreCall(part, vault));
    }
    const rest = finished ? texts.flush(index) : '';
    const last = out.at(-1);
    if (rest && isAnswerText(last)) out[out.length - 1] = { ...last, text: last.text + rest };
    else if (rest) out.push({ text: rest });
    return out.length === parts.length && out.every((part, i) => part === parts[i]) ? (parts as unknown[]) : out;
  };

  return {
    push(event) {
      const chunk = parseData(event);
      if (!chunk || !Array.isArray(chunk.candidates)) return [event];
      const { candidates: _candidates, usageMetadata: _usage, promptFeedback: _feedback, ...rest } = chunk;
      envelope = rest;
      const candidates = mapArray(chunk.candidates, (candidate, position) => {
        if (!isRecord(candidate)) return candidate;
        const index = typeof candidate.index === 'number' ? candidate.index : position;
        const finished = typeof candidate.finishReason === 'string' && candidate.finishReason !== '';
        const content = isRecord(candidate.content) ? candidate.content : { role: 'model' };
        const parts = Array.isArray(content.parts) ? content.parts : [];
        const restored = restoreParts(parts, index, finished);
        return restored === parts ? candidate : setField(candidate, 'content', { ...content, parts: restored });
      });
      if (candidates === chunk.candidates) return [event];
      if (onlyHeldText(chunk, candidates)) return [];
      return [{ ...event, data: JSON.stringify({ ...chunk, candidates }) }];
    },
    end() {
      const candidates = texts.indexes().flatMap((index) => {
        const rest = texts.flush(index);
        return rest ? [{ index, content: { role: 'model', parts: [{ text: rest }] } }] : [];
      });
      return candidates.length > 0 ? [{ data: JSON.stringify({ ...envelope, candidates }) }] : [];
    },
  };
}

/** Whether the rewritten frame lost all its parts to held-back text and has nothing else of its own to say. */
function onlyHeldText(chunk: Record<string, unknown>, candidates: unknown[]): boolean {
  return (
    Object.keys(chunk).every((key) => REPEATED.has(key)) &&
    candidates.every((candidate) => isRecord(candidate) && Object.keys(candidate).every((key) => key === 'content' || key === 'index') && isRecord(candidate.content) && Array.isArray(candidate.content.parts) && candidate.content.parts.length === 0)
  );
}
