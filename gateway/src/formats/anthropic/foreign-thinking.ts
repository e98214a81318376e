import { geminiSignature } from '../gemini/signatures';
import { isObject } from '../json-object';

/**
 * Through the gateway, an Anthropic client's conversation can hold thinking blocks Claude did not
 * sign: Gemini's (their signature marked `gemini:`) and reasoning from OpenAI-compatible servers
 * (an empty signature). Anthropic checks the signature of every thinking block it is sent and
 * refuses the request ("Invalid `signature` in `thinking` block"), so a conversation that another
 * provider carried on for a turn (a fallback, a route switched mid-task) fails on Claude from
 * then on. Such blocks can only be left out: Anthropic allows leaving out earlier thinking.
 */
const foreign = (block: unknown): boolean =>
  isObject(block) &&
  block.type === 'thinking' &&
  (typeof block.signature !== 'string' || block.signature === '' || geminiSignature(block.signature) !== undefined);

const opensWithThinking = (content: unknown[]): boolean => {
  const first = content[0];
  return isObject(first) && (first.type === 'thinking' || first.type === 'redacted_thinking');
};

/**
 * The members of a native Messages API body to change so Claude (`model`) takes it: `messages`
 * without thinking blocks Claude did not sign (and without assistant turns left empty), and, when
 * that leaves the last tool-calling assistant turn without its opening thinking block while
 * thinking is on, `thinking` disabled, which Anthropic requires then. Undefined when nothing needs
 * changing, which is every conversation Claude alone carried (its body goes upstream as the client
 * sent it), and for other vendors' models behind an Anthropic-compatible URL: DeepSeek's, for one,
 * signs nothing and wants its thinking back.
 */
export function foreignThinkingChanges(body: Record<string, unknown>, model: string): Record<string, unknown> | undefined {
  const { messages } = body;
  if (!Array.isArray(messages) || !/claude/i.test(model)) return undefined;
  let out: unknown[] | undefined;
  for (let i = 0; i < messages.length; i++) {
    const message: unknown = messages[i];
    if (!isObject(message) || message.role !== 'assistant' || !Array.isArray(message.content) || !message.content.some(foreign)) {
      out?.push(message);
      continue;
    }
    // Copied from the first turn that changes; until then the client's own array serves.
    out ??= messages.slice(0, i);
    const kept = (message.content as unknown[]).filter((block) => !foreign(block));
    if (kept.length > 0) out.push(Object.assign({}, message, { content: kept }));
  }
  if (out === undefined) return undefined;
  return thinkingOn(body) && !lastToolTurnOpensWithThinking(out) ? { messages: out, thinking: { type: 'disabled' } } : { messages: out };
}

const thinkingOn = (body: Record<string, unknown>): boolean =>
  isObject(body.thinking) && (body.thinking.type === 'enabled' || body.thinking.type === 'adaptive');

/** Whether the last assistant turn, if it called tools, still opens with thinking (true when it called none). */
function lastToolTurnOpensWithThinking(messages: unknown[]): boolean {
  const last = messages.findLast((message) => isObject(message) && message.role === 'assistant');
  const content = isObject(last) && Array.isArray(last.content) ? (last.content as unknown[]) : [];
  return !content.some((block) => isObject(block) && block.type === 'tool_use') || opensWithThinking(content);
}
