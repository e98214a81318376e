import { isRecord, records, str } from '../core/json';
import type { JsonReply, RequestContext } from '../core/route';
import { anthropicError } from './errors';
import { fakeSignature } from './messages';

/**
 * The checks the Messages API applies that a translating gateway most easily trips: required
 * fields, no "system" role, tool_use/tool_result pairing and id pattern, custom tools with
 * input_schema, the thinking budget against max_tokens, thinking blocks Claude did not sign, and,
 * with thinking on, a last tool-calling assistant turn that does not start with its thinking.
 */
export function validateMessages(ctx: RequestContext, countOnly: boolean): JsonReply | undefined {
  const bad = (message: string): JsonReply => anthropicError(400, 'invalid_request_error', message, ctx);
  const body = ctx.recorded.body;
  if (!isRecord(body)) return bad('Request body must be an object.');
  if (typeof body.model !== 'string') return bad('model: Field required');
  if (!countOnly && typeof body.max_tokens !== 'number') return bad('max_tokens: Field required');
  const cap = OUTPUT_CAPS.find(([pattern]) => pattern.test(String(body.model)))?.[1];
  if (!countOnly && cap !== undefined && typeof body.max_tokens === 'number' && body.max_tokens > cap) {
    return bad(`max_tokens: ${body.max_tokens} > ${cap}, which is the maximum allowed number of output tokens for ${String(body.model)}`);
  }
  if (!Array.isArray(body.messages)) return bad('messages: Field required');
  if (body.messages.length === 0) return bad('messages: at least one message is required');

  const messageError = checkMessages(body.messages);
  if (messageError) return bad(messageError);
  for (const [i, tool] of records(body.tools).entries()) {
    const custom = tool.type === undefined || tool.type === 'custom';
    if (custom && typeof tool.name !== 'string') return bad(`tools.${i}.custom.name: Field required`);
    if (custom && !isRecord(tool.input_schema)) return bad(`tools.${i}.custom.input_schema: Field required`);
    if (tool.strict === true && WITHOUT_STRICT_TOOLS.test(body.model)) return bad(`'${body.model}' does not support strict tools.`);
  }
  const thinking = isRecord(body.thinking) ? body.thinking : undefined;
  if (thinking?.type === 'enabled' || thinking?.type === 'adaptive') {
    const unthought = unthoughtToolTurn(body.messages);
    if (unthought) return bad(unthought);
  }
  if (thinking?.type === 'enabled') {
    const budget = thinking.budget_tokens;
    if (typeof budget !== 'number') return bad('thinking.enabled.budget_tokens: Field required');
    if (budget < 1024) return bad('thinking.enabled.budget_tokens: Input should be greater than or equal to 1024');
    if (!countOnly && typeof body.max_tokens === 'number' && body.max_tokens <= budget) {
      return bad('`max_tokens` must be greater than `thinking.budget_tokens`.');
    }
  }
  return undefined;
}

function blocks(content: unknown): Record<string, unknown>[] {
  return typeof content === 'string' ? [{ type: 'text', text: content }] : records(content);
}

/** Output caps of models that take less than clients commonly ask for (Opus 4.0 and 4.1, Claude 3.x). */
const OUTPUT_CAPS: Array<[RegExp, number]> = [
  [/claude-opus-4-(?:0|1|20\d{6})/, 32000],
  [/claude-3-5/, 8192],
  [/claude-3-(?:opus|sonnet|haiku)|claude-2/, 4096],
];

/** Models from before structured outputs (Claude 3.x, Sonnet 4 and Opus 4.0), which refuse `strict` tools. */
const WITHOUT_STRICT_TOOLS = /claude-3|claude-(?:sonnet|opus)-4-(?:0|20\d{6})/;

/** Tool ids as the Messages API takes them: ids other providers make (`functions.Bash:0`) are refused. */
const TOOL_ID = /^[a-zA-Z0-9_-]+$/;
const badId = (at: string): string => `${at}: String should match pattern '^[a-zA-Z0-9_-]+$'`;

function checkMessages(messages: unknown[]): string | undefined {
  let previousToolUses = new Set<string>();
  for (const [i, message] of messages.entries()) {
    if (!isRecord(message)) return `messages.${i}: Input should be a valid dictionary`;
    const role = str(message.role);
    if (role === 'system') {
      return 'messages: Unexpected role "system". The Messages API accepts a top-level `system` parameter, not "system" as an input message role.';
    }
    if (role !== 'user' && role !== 'assistant') return `messages.${i}.role: Input should be 'user' or 'assistant'`;
    const content = blocks(message.content);
    if (role === 'user') {
      const answered = new Set<string>();
      for (const [j, block] of content.entries()) {
        if (block.type !== 'tool_result') continue;
        const id = str(block.tool_use_id) ?? '';
        if (!TOOL_ID.test(id)) return badId(`messages.${i}.content.${j}.tool_result.tool_use_id`);
        if (!previousToolUses.has(id)) {
          return `messages.${i}.content.${j}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
        }
        answered.add(id);
      }
      const missing = [...previousToolUses].filter((id) => !answered.has(id));
      if (missing.length > 0) {
        return `messages.${i - 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
      }
      previousToolUses = new Set();
    } else {
      if (previousToolUses.size > 0) {
        return `messages.${i - 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${[...previousToolUses].join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
      }
      previousToolUses = new Set();
      for (const [j, block] of content.entries()) {
        // The signature covers the thinking text: another provider's reasoning has none of Claude's.
        if (block.type === 'thinking' && block.signature !== fakeSignature(str(block.thinking) ?? '')) {
          return `messages.${i}.content.${j}: Invalid \`signature\` in \`thinking\` block`;
        }
        if (block.type !== 'tool_use') continue;
        const id = str(block.id) ?? '';
        if (!TOOL_ID.test(id)) return badId(`messages.${i}.content.${j}.tool_use.id`);
        previousToolUses.add(id);
      }
    }
  }
  return undefined;
}

/** With thinking on, the last assistant turn that called tools must open with its thinking block. */
function unthoughtToolTurn(messages: unknown[]): string | undefined {
  const i = messages.findLastIndex((message) => isRecord(message) && message.role === 'assistant');
  const content = i >= 0 && isRecord(messages[i]) ? blocks(messages[i].content) : [];
  const first = str(content[0]?.type);
  if (!content.some((block) => block.type === 'tool_use') || first === 'thinking' || first === 'redacted_thinking') return undefined;
  return (
    `messages.${i}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${first ?? ''}\`. When \`thinking\` is enabled, ` +
    'a final `assistant` message must start with a thinking block (preceeding the lastmost set of `tool_use` and `tool_result` blocks). ' +
    'We recommend you include thinking blocks from previous turns. To avoid this requirement, disable `thinking`.'
  );
}
