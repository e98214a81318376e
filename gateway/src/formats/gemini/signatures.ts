/**
 * Gemini's thought signatures, marked as Gemini's while other formats carry them. An Anthropic
 * client keeps every provider's signatures in the one field (`thinking.signature`), so a
 * conversation moved to Gemini from Claude holds Claude's too, and Gemini answers any signature
 * it did not issue with 400 "Corrupted thought signature.". Only marked signatures go back to
 * Gemini, unmarked. `:` is outside the base64 alphabet signatures are written in, so no other
 * provider's signature carries the mark.
 */
const MARK = 'gemini:';

/** A signature Gemini sent, as the canonical shape (and so clients) carry it. */
export const markSignature = (signature: string): string => MARK + signature;

/** The signature to send Gemini, if `signature` is one Gemini issued; undefined for others'. */
export const geminiSignature = (signature: string): string | undefined =>
  signature.startsWith(MARK) && signature.length > MARK.length ? signature.slice(MARK.length) : undefined;
