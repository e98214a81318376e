/**
 * Names for the functions that read a provider's JSON answer, so the exact cache can keep an
 * answer as the provider wrote it and read it back later (cache/response-cache.ts `native`):
 * cheaper on a miss than serialising the canonical answer. A name outlives the process, in the
 * cache's rows, so these names must not change; an answer whose reader has no name here is
 * kept as canonical JSON instead.
 */
import type { ChatResponse } from '../canonical/types';
import { responsesNativeApi } from '../formats/openai-responses/native';
import { parseTextCompletion } from '../formats/openai/text-completion';
import { anthropicKind } from './anthropic';
import { geminiKind } from './gemini';
import { openaiKind } from './openai';

export type ReadAnswer = (body: unknown) => ChatResponse;

/**
 * Every OpenAI-shaped server's chat answers are read by one function (Mistral's FIM answers
 * too, which are chat completions); Azure's Responses API by OpenAI's.
 */
const READERS: Readonly<Record<string, ReadAnswer>> = {
  'openai-chat': openaiKind.format.parseResponse,
  'openai-text-completion': parseTextCompletion,
  'openai-responses': responsesNativeApi.parseResponse,
  anthropic: anthropicKind.format.parseResponse,
  gemini: geminiKind.format.parseResponse,
};

const NAMES = new Map<ReadAnswer, string>(Object.entries(READERS).map(([name, read]) => [read, name]));

/** The name of the function that read an answer (a format's or native API's `parseResponse`), if it has one. */
export const answerFormat = (read: ReadAnswer): string | undefined => NAMES.get(read);

/** An answer kept under `answerFormat`'s name, read back; undefined when the name is unknown or the text unreadable. */
export function readAnswer(format: string, text: string): ChatResponse | undefined {
  const read = Object.hasOwn(READERS, format) ? READERS[format] : undefined;
  if (read === undefined) return undefined;
  try {
    return read(JSON.parse(text));
  } catch {
    return undefined;
  }
}
