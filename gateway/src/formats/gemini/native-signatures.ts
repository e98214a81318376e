import { camelKeys } from './request-path';
import { isObject } from '../json-object';
import { SKIP_SIGNATURE_VALIDATOR } from './contents';
import { isGemini3OrLater } from './paths';

/**
 * A Gemini client's `contents` as Gemini 3 takes them natively: a model turn whose first function
 * call carries no thought signature (one another provider made, when the conversation went through
 * a fallback or a switched route) gets the documented skip value, as the translated path gives it;
 * Gemini 3 refuses such a turn otherwise. Undefined when nothing needs changing (every conversation
 * Gemini alone carried), so the body goes as the client sent it.
 */
export function unsignedCallFixes(raw: Readonly<Record<string, unknown>>, model: string): Record<string, unknown> | undefined {
  const { contents } = raw;
  if (!Array.isArray(contents) || !isGemini3OrLater(model)) return undefined;
  let out: unknown[] | undefined;
  contents.forEach((content: unknown, index) => {
    const fixed = signedTurn(content);
    if (fixed === content) return;
    out ??= contents.slice();
    out[index] = fixed;
  });
  return out && { contents: out };
}

const isCall = (part: unknown): boolean => isObject(part) && part.functionCall !== undefined;

function signedTurn(content: unknown): unknown {
  const turn = camelKeys(content);
  if (!isObject(turn) || turn.role !== 'model' || !Array.isArray(turn.parts)) return content;
  // Copies only for the turn that needs the fix: this runs on every native Gemini 3 call.
  const first = turn.parts.findIndex((part) => isCall(camelKeys(part)));
  const call = first === -1 ? undefined : camelKeys(turn.parts[first]);
  if (!isObject(call) || call.thoughtSignature !== undefined) return content;
  const parts = turn.parts.slice();
  parts[first] = { ...call, thoughtSignature: SKIP_SIGNATURE_VALIDATOR };
  return { ...turn, parts };
}
