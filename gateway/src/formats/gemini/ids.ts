import { randomBytes } from 'node:crypto';

/** An id for a function call Gemini sent without one (it usually does), OpenAI-style. */
export const newToolCallId = (): string => `call_${randomBytes(12).toString('hex')}`;

/** An id for a response without `responseId`. */
export const newResponseId = (): string => `gemini-${randomBytes(12).toString('hex')}`;
