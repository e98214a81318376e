/**
 * What a chat answer said, as text, in any of the gateway's chat shapes: a JSON body, or a
 * stream as the log keeps it (its SSE text). Tool calls are shown as `→ name(arguments)` lines,
 * since an answer may be nothing else. Only the first choice of a Chat Completions answer.
 */
import { z } from 'zod';
import { isObject } from '../formats/json-object';

/** Which of the gateway's chat endpoints, and so which body shape, a call speaks. */
export type SelfCallShape = 'chat' | 'messages' | 'responses';

const chatAnswer = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable().optional(), tool_calls: z.array(z.object({ function: z.object({ name: z.string(), arguments: z.string() }) })).optional() }).optional() })),
});
const part = z.object({ type: z.string(), text: z.string().optional(), name: z.string().optional(), input: z.unknown().optional(), arguments: z.string().optional() });

const textOf: Record<SelfCallShape, (json: unknown) => string | undefined> = {
  chat: (json) => {
    const message = chatAnswer.safeParse(json).data?.choices[0]?.message;
    if (!message) return undefined;
    return joined([message.content ?? undefined, ...(message.tool_calls ?? []).map((call) => toolLine(call.function.name, call.function.arguments))]);
  },
  messages: (json) => fromParts(z.object({ content: z.array(part) }).safeParse(json).data?.content),
  responses: (json) =>
    fromParts(z.object({ output: z.array(part.extend({ content: z.array(part).optional() })) }).safeParse(json).data?.output.flatMap((item) => (item.type === 'message' ? (item.content ?? []) : [item]))),
};

function fromParts(parts: Array<z.infer<typeof part>> | undefined): string | undefined {
  if (!parts) return undefined;
  return joined(
    parts.map((p) => {
      if ((p.type === 'text' || p.type === 'output_text') && p.text !== undefined) return p.text;
      if (p.type === 'tool_use' && p.name !== undefined) return toolLine(p.name, JSON.stringify(p.input ?? {}));
      if (p.type === 'function_call' && p.name !== undefined) return toolLine(p.name, p.arguments ?? '');
      return undefined;
    }),
  );
}

const toolLine = (name: string, args: string): string => `\n→ ${name}(${args})`;

function joined(texts: Array<string | undefined>): string | undefined {
  const text = texts.filter((t) => t !== undefined && t !== '').join('').trim();
  return text === '' ? undefined : text;
}

/** The text of a parsed JSON answer (`json`), or of a logged body (`text`: JSON, or SSE for a stream). */
export function answerText(shape: SelfCallShape, answer: unknown): string | undefined {
  if (typeof answer !== 'string') return textOf[shape](answer);
  const trimmed = answer.trimStart();
  if (trimmed.startsWith('{')) {
    try {
      return textOf[shape](JSON.parse(trimmed));
    } catch {
      return undefined; // cut at the logged size
    }
  }
  return streamText(shape, answer);
}

/** A logged stream's text: its events' text and tool-call pieces, in order (what was kept of it). */
function streamText(shape: SelfCallShape, sse: string): string | undefined {
  const texts: string[] = [];
  const tools = new Map<string, { name: string; args: string }>();
  const tool = (id: string): { name: string; args: string } => {
    let found = tools.get(id);
    if (!found) tools.set(id, (found = { name: '', args: '' }));
    return found;
  };
  for (const line of sse.split('\n')) {
    if (!line.startsWith('data:')) continue;
    let event: unknown;
    try {
      event = JSON.parse(line.slice(5));
    } catch {
      continue; // [DONE], or a line cut at the logged size
    }
    if (!isObject(event)) continue;
    if (shape === 'chat') {
      const delta = firstChoiceDelta(event);
      if (typeof delta?.content === 'string') texts.push(delta.content);
      for (const call of Array.isArray(delta?.tool_calls) ? delta.tool_calls : []) {
        if (!isObject(call) || !isObject(call.function)) continue;
        const piece = tool(String(call.index ?? 0));
        if (typeof call.function.name === 'string') piece.name += call.function.name;
        if (typeof call.function.arguments === 'string') piece.args += call.function.arguments;
      }
    } else if (shape === 'messages') {
      const block = isObject(event.content_block) ? event.content_block : undefined;
      if (event.type === 'content_block_start' && block?.type === 'tool_use' && typeof block.name === 'string') tool(String(event.index)).name = block.name;
      const delta = isObject(event.delta) ? event.delta : undefined;
      if (delta?.type === 'text_delta' && typeof delta.text === 'string') texts.push(delta.text);
      if (delta?.type === 'input_json_delta' && typeof delta.partial_json === 'string') tool(String(event.index)).args += delta.partial_json;
    } else {
      if (event.type === 'response.output_text.delta' && typeof event.delta === 'string') texts.push(event.delta);
      const item = isObject(event.item) ? event.item : undefined;
      if (event.type === 'response.output_item.added' && item?.type === 'function_call' && typeof item.name === 'string') tool(String(event.output_index)).name = item.name;
      if (event.type === 'response.function_call_arguments.delta' && typeof event.delta === 'string') tool(String(event.output_index)).args += event.delta;
    }
  }
  return joined([texts.join(''), ...[...tools.values()].map((call) => toolLine(call.name, call.args))]);
}

function firstChoiceDelta(event: Record<string, unknown>): Record<string, unknown> | undefined {
  const choice: unknown = Array.isArray(event.choices) ? event.choices[0] : undefined;
  return isObject(choice) && isObject(choice.delta) ? choice.delta : undefined;
}
