import type { ChatResponse } from '../canonical/types';

/**
 * An answer the exact cache keeps as the text its caller gets, with the name of its shape: an
 * embedding list, whose vectors are most of it and which a hit sends on as it is, unparsed.
 */
export interface TextAnswer {
  readonly format: string;
  readonly text: string;
}

/** What an exact-cache entry holds: a canonical chat answer (chat and completions), or a TextAnswer. */
export type CachedAnswer = ChatResponse | TextAnswer;

/** A ChatResponse has neither member at its top level. */
export const isTextAnswer = (answer: CachedAnswer): answer is TextAnswer => typeof (answer as Partial<TextAnswer>).text === 'string' && typeof (answer as Partial<TextAnswer>).format === 'string';

/**
 * A TextAnswer's row names its format under this prefix, which no reader of provider answers
 * has (providers/answer-formats.ts): the cache reads such a row back itself, as the text it is.
 */
const TEXT_PREFIX = 'text:';

/** How a TextAnswer is stored: its text, under its prefixed format. */
export const storedText = (answer: TextAnswer): { text: string; format: string } => ({ text: answer.text, format: `${TEXT_PREFIX}${answer.format}` });

/** The TextAnswer a row holds, when its format says it is one. */
export const textAnswerOf = (format: string, text: string): TextAnswer | undefined => (format.startsWith(TEXT_PREFIX) ? { format: format.slice(TEXT_PREFIX.length), text } : undefined);
