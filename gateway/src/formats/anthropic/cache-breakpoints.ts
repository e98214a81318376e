/**
 * Anthropic's rules for prompt-cache markers (`cache_control`), applied to a translated body:
 * at most 4 breakpoints in one request, and a `1h` one never after a default (5 minute) one, in
 * the order the prompt is cached (tools, then system, then messages). An Anthropic client's
 * own body goes natively and keeps what it sent; a translated one carries whatever markers an
 * OpenAI client put on its parts, which may be more, and would be refused with a 400.
 */
import { isObject } from '../json-object';

const MAX_BREAKPOINTS = 4;

/** Drops the earliest markers past four (the latest cache the longest prefixes) and shortens a `1h` one after a default one. */
export function limitCacheBreakpoints(body: Record<string, unknown>): void {
  const marked: Array<Record<string, unknown>> = [];
  const visit = (blocks: unknown): void => {
    if (!Array.isArray(blocks)) return;
    for (const block of blocks) if (isObject(block) && isObject(block.cache_control)) marked.push(block);
  };
  visit(body.tools);
  visit(body.system);
  for (const message of Array.isArray(body.messages) ? body.messages : []) if (isObject(message)) visit(message.content);
  for (const block of marked.slice(0, Math.max(0, marked.length - MAX_BREAKPOINTS))) delete block.cache_control;
  let shortSeen = false;
  for (const block of marked.slice(-MAX_BREAKPOINTS)) {
    const marker = block.cache_control as Record<string, unknown>;
    if (marker.ttl === '1h' && shortSeen) block.cache_control = { type: 'ephemeral' };
    else if (marker.ttl !== '1h') shortSeen = true;
  }
}
