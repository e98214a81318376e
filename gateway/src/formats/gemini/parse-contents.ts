import { createHash } from 'node:crypto';
import type { ChatMessage, ContentPart, ImagePart, TextPart, ToolResultPart } from '../../canonical/types';
import type { GatewayError } from '../../errors/gateway-error';
import { partsToContent } from './parse-response';
import { type ParseContext, type Path, invalidAt, paramOf, parseAt, untranslatableAt } from './request-path';
import { type RequestPart, contentSchema, functionResponsePartSchema, partSchema, systemInstructionSchema } from './request-schema';
import { markSignature } from './signatures';

/**
 * The id of a function call (or response) sent without one, as Gemini before 3 sends them: shaped
 * like newToolCallId's, but derived from where the part sits, so the same history always reads
 * the same. The response cache keys on these ids, and so does a provider's prompt cache once the
 * conversation is translated.
 */
const positionalId = (path: Path): string => `call_${createHash('sha256').update(paramOf(path)).digest('hex').slice(0, 24)}`;

/**
 * Pairs function responses with the calls they answer: by id where the response's id is a call's,
 * else with the earliest unanswered call of the same name in the latest model turn (how Gemini
 * before 3 pairs them, and what a client that made up its own ids, as Gemini CLI does for calls
 * without one, needs).
 */
class CallPairing {
  private open: Array<{ id: string; name: string }> = [];

  startTurn(): void {
    this.open = [];
  }

  add(id: string, name: string): void {
    this.open.push({ id, name });
  }

  answer(name: string, id: string | undefined): string | undefined {
    let index = id === undefined ? -1 : this.open.findIndex((call) => call.id === id);
    if (index === -1) index = this.open.findIndex((call) => call.name === name);
    return index === -1 ? undefined : this.open.splice(index, 1)[0]?.id;
  }
}

/** `contents` → canonical messages. Roles: `model` is the assistant; `user`, unset and `function` the user. */
export function parseContents(values: unknown[], ctx: ParseContext): ChatMessage[] {
  const calls = new CallPairing();
  const messages: ChatMessage[] = [];
  let previous: ChatMessage['role'] | undefined;
  values.forEach((value, i) => {
    const path: Path = ['contents', i];
    const content = parseAt(contentSchema, value, path);
    const role = roleOf(content.role, path);
    if (role === 'assistant' && previous !== 'assistant') calls.startTurn();
    previous = role;
    const parts: ContentPart[] = [];
    content.parts.forEach((raw, j) => {
      const at: Path = [...path, 'parts', j];
      const part = parseAt(partSchema, raw, at);
      parts.push(...(role === 'assistant' ? modelPart(part, at, calls, ctx) : userPart(part, at, calls, ctx)));
    });
    if (parts.length > 0) messages.push({ role, content: parts });
  });
  return messages;
}

/** `systemInstruction`: a Content whose text parts make the system prompt. */
export function parseSystem(value: unknown, ctx: ParseContext): TextPart[] {
  if (value == null) return [];
  const system = parseAt(systemInstructionSchema, value, ['systemInstruction']);
  return (system.parts ?? []).flatMap((raw, i): TextPart[] => {
    const path: Path = ['systemInstruction', 'parts', i];
    const part = parseAt(partSchema, raw, path);
    if (part.text == null) return refuseOther(part, path, ctx);
    return part.text === '' ? [] : [{ type: 'text', text: part.text }];
  });
}

function roleOf(role: string | null | undefined, path: Path): ChatMessage['role'] {
  if (role == null || role === '' || role === 'user' || role === 'function') return 'user';
  if (role === 'model') return 'assistant';
  throw invalidAt([...path, 'role'], 'Please use a valid role: user, model.');
}

/** Model parts read as parseGeminiResponse reads them, so signatures stay with their parts (partsToContent). */
function modelPart(part: RequestPart, path: Path, calls: CallPairing, ctx: ParseContext): ContentPart[] {
  if (part.functionCall != null) {
    const id = part.functionCall.id || positionalId(path);
    calls.add(id, part.functionCall.name);
    return partsToContent([{ ...part, functionCall: { ...part.functionCall, id } }]);
  }
  if (part.functionResponse != null) return refuse(ctx, untranslatableAt([...path, 'functionResponse'], 'a functionResponse in a model turn'));
  if (part.inlineData != null) {
    const image = imageOf(part.inlineData, path, ctx);
    if (image === undefined) return [];
    // Image-generating models sign their images too; the signature goes back on the same part.
    return part.thoughtSignature ? [{ type: 'thinking', text: '', signature: markSignature(part.thoughtSignature) }, image] : [image];
  }
  if (part.text != null) return partsToContent([part]);
  return refuseOther(part, path, ctx);
}

function userPart(part: RequestPart, path: Path, calls: CallPairing, ctx: ParseContext): ContentPart[] {
  if (part.functionResponse != null) return [toolResult(part.functionResponse, [...path, 'functionResponse'], calls, ctx)];
  if (part.functionCall != null) return refuse(ctx, untranslatableAt([...path, 'functionCall'], 'a functionCall in a user turn'));
  if (part.inlineData != null) {
    const image = imageOf(part.inlineData, path, ctx);
    return image === undefined ? [] : [image];
  }
  if (part.text != null) return part.text === '' ? [] : [{ type: 'text', text: part.text }];
  return refuseOther(part, path, ctx);
}

type FunctionResponse = NonNullable<RequestPart['functionResponse']>;

function toolResult(response: FunctionResponse, path: Path, calls: CallPairing, ctx: ParseContext): ToolResultPart {
  const asked = response.id || undefined;
  const toolCallId = calls.answer(response.name, asked) ?? asked ?? positionalId(path);
  const { text, isError } = resultText(response.response ?? {});
  const content: ToolResultPart['content'] = text === '' ? [] : [{ type: 'text', text }];
  (response.parts ?? []).forEach((raw, k) => {
    const at: Path = [...path, 'parts', k];
    const part = parseAt(functionResponsePartSchema, raw, at);
    if (part.inlineData == null) return void refuseOther(part, at, ctx);
    const image = imageOf(part.inlineData, at, ctx);
    if (image !== undefined) content.push(image);
  });
  return { type: 'tool-result', toolCallId, name: response.name, content, ...(isError ? { isError } : {}) };
}

/**
 * FunctionResponse.response, per its docs: `output` holds the output and `error` the error; with
 * neither, the whole object is the output. `{content: "…"}`, the wrapper buildGeminiRequest puts
 * around text, is unwrapped too, so text survives a trip through Gemini's shape unchanged.
 */
function resultText(response: Record<string, unknown>): { text: string; isError: boolean } {
  if (response.error != null) return { text: asText(response.error), isError: true };
  const keys = Object.keys(response);
  if (keys.length === 1 && (keys[0] === 'output' || (keys[0] === 'content' && typeof response.content === 'string'))) {
    return { text: asText(response[keys[0]]), isError: false };
  }
  return { text: JSON.stringify(response), isError: false };
}

const asText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** Inline images only: the canonical shape has no documents, audio or video. */
function imageOf(blob: { mimeType: string; data: string }, path: Path, ctx: ParseContext): ImagePart | undefined {
  if (blob.mimeType.toLowerCase().startsWith('image/')) return { type: 'image', source: { kind: 'base64', mediaType: blob.mimeType, data: blob.data } };
  ctx.refuse(untranslatableAt([...path, 'inlineData'], `inline data of type "${blob.mimeType.slice(0, 64)}"`));
  return undefined;
}

// Fields that qualify a part's data rather than being data themselves.
const MODIFIERS = new Set(['thought', 'thoughtSignature', 'videoMetadata', 'partMetadata', 'mediaResolution']);

/**
 * A part whose data is none the canonical shape carries: fileData (Files API and Cloud Storage
 * URIs only Gemini can read), executableCode and codeExecutionResult (its code execution tool),
 * toolCall/toolResponse (its server-side tools), or a kind newer than this gateway.
 */
function refuseOther(part: Record<string, unknown>, path: Path, ctx: ParseContext): [] {
  const field = Object.keys(part).find((key) => !MODIFIERS.has(key) && part[key] != null);
  if (field === undefined) throw invalidAt(path, "required oneof field 'data' must have one initialized field");
  return refuse(ctx, untranslatableAt([...path, field], `a "${field.slice(0, 64)}" part`));
}

function refuse(ctx: ParseContext, error: GatewayError): [] {
  ctx.refuse(error);
  return [];
}
