import type { NativeFixes } from '../../../providers/types';
import { isObject } from '../../json-object';
import { isGatewayReasoningId, signatureIn } from '../response-object';

/**
 * A Responses body going natively to OpenAI, without the reasoning items the gateway made when
 * another provider served an earlier turn: their `encrypted_content` is that provider's signature
 * (`swb1:…`), which OpenAI cannot decrypt, and their ids name nothing OpenAI stored, so OpenAI
 * would refuse the whole request. OpenAI's own reasoning items go as they are.
 */
export function responsesNativeFixes(raw: Readonly<Record<string, unknown>>): NativeFixes | undefined {
  const { input } = raw;
  if (!Array.isArray(input) || !input.some(isForeignReasoning)) return undefined;
  return { set: { input: input.filter((item) => !isForeignReasoning(item)) } };
}

function isForeignReasoning(item: unknown): boolean {
  if (!isObject(item) || item.type !== 'reasoning') return false;
  const encrypted = typeof item.encrypted_content === 'string' ? item.encrypted_content : undefined;
  if (encrypted !== undefined) return signatureIn(encrypted) !== undefined;
  return typeof item.id === 'string' && isGatewayReasoningId(item.id);
}
