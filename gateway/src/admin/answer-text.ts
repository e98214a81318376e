/**
 * What a chat answer said, as text, in any of the gateway's chat shapes: a JSON body, or a
 * stream as the log keeps it (its SSE text). Read with the formats' own readers (the shape's
 * response parser and stream parser), then written as its text with each tool call as a
 * `→ name(arguments)` line, since an answer may be nothing else.
 */
import type { ChatResponse, StreamEvent } from '../canonical/types';
import { anthropicProviderFormat } from '../formats/anthropic';
import { geminiProviderFormat } from '../formats/gemini';
import { parseJsonObject } from '../formats/json-object';
import { openaiProviderFormat } from '../formats/openai';
import { responsesNativeApi } from '../formats/openai-responses/native';
import type { StreamParser } from '../formats/types';
import { SseDecoder } from '../sse/decoder';

/** Which of the gateway's chat endpoints, and so which body shape, a call speaks. */
export type SelfCallShape = 'chat' | 'messages' | 'responses' | 'generate_content';

/** The reader of each shape's answers: the provider direction of the same wire format. */
const readers: Record<SelfCallShape, { parseResponse(body: unknown): ChatResponse; createStreamParser(): StreamParser }> = {
  chat: openaiProviderFormat,
  messages: anthropicProviderFormat,
  responses: responsesNativeApi,
  generate_content: geminiProviderFormat,
};

/** The text of a parsed JSON answer, or of a logged body (JSON, or SSE for a stream). */
export function answerText(shape: SelfCallShape, answer: unknown): string | undefined {
  const reader = readers[shape];
  if (typeof answer !== 'string') return responseText(reader, answer);
  // A body cut at the logged size is no JSON: nothing to read.
  if (answer.trimStart().startsWith('{')) return responseText(reader, parseJsonObject(answer));
  return streamText(reader.createStreamParser(), answer);
}

function responseText(reader: (typeof readers)[SelfCallShape], json: unknown): string | undefined {
  if (json === undefined) return undefined;
  let response: ChatResponse;
  try {
    response = reader.parseResponse(json);
  } catch {
    return undefined;
  }
  return joined(response.content.map((part) => (part.type === 'text' ? part.text : part.type === 'tool-call' ? toolLine(part.name, part.arguments) : undefined)));
}

/** A logged stream's text and tool calls, as far as it reads (a stream cut at the logged size stops at the cut). */
function streamText(parser: StreamParser, sse: string): string | undefined {
  const texts: string[] = [];
  const tools = new Map<number, { name: string; args: string }>();
  const take = (event: StreamEvent): void => {
    if (event.type === 'text') texts.push(event.text);
    else if (event.type === 'tool-call-start') tools.set(event.index, { name: event.name, args: '' });
    else if (event.type === 'tool-call-delta') {
      const call = tools.get(event.index);
      if (call) call.args += event.argumentsDelta;
    }
  };
  const decoder = new SseDecoder();
  try {
    for (const event of [...decoder.push(sse), ...decoder.end()]) for (const canonical of parser.push(event)) take(canonical);
  } catch {
    // The cut line (or an error event): what came before it stands.
  }
  return joined([texts.join(''), ...[...tools.values()].map((call) => toolLine(call.name, call.args))]);
}

const toolLine = (name: string, args: string): string => `\n→ ${name}(${args})`;

function joined(texts: Array<string | undefined>): string | undefined {
  const text = texts.filter((t) => t !== undefined && t !== '').join('').trim();
  return text === '' ? undefined : text;
}
