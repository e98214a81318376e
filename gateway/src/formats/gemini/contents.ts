import type { ChatMessage, ContentPart, ImageSource, ToolResultPart } from '../../canonical/types';
import { invalidRequest } from '../../errors/gateway-error';
import { parseJsonObject } from '../json-object';
import { geminiSignature } from './signatures';
import type { GeminiContent, GeminiPart } from './wire';

/**
 * Google documents this value for function calls the model did not produce itself (history from
 * another model, or one whose signature was lost): Gemini 3 skips signature validation for it.
 * See ai.google.dev/gemini-api/docs/thought-signatures.
 */
export const SKIP_SIGNATURE_VALIDATOR = 'skip_thought_signature_validator';

export interface ContentsOptions {
  /** Put SKIP_SIGNATURE_VALIDATOR on a step's first function call when it has no signature. */
  injectSignatures: boolean;
  /**
   * Send each call's id on its functionCall and functionResponse. Gemini 3 gives every call an id
   * and pairs results with calls by it ("include this exact id in your functionResponse"), which
   * two parallel calls of one function need; older models pair by order.
   */
  callIds: boolean;
}

/**
 * Canonical messages → Gemini `contents`. Roles become user/model, consecutive same-role turns
 * merge (Gemini expects them to alternate), tool results become functionResponse parts named after
 * the call they answer, and thinking parts are reduced to their signatures (see modelParts).
 */
export function buildContents(messages: ChatMessage[], options: ContentsOptions): GeminiContent[] {
  const toolNames = new Map<string, string>();
  const contents: GeminiContent[] = [];
  messages.forEach((message, index) => {
    const role = message.role === 'assistant' ? 'model' : 'user';
    const parts =
      role === 'model' ? modelParts(message.content, toolNames, options.callIds) : userParts(message.content, toolNames, index, options.callIds);
    if (parts.length === 0) return;
    const last = contents.at(-1);
    if (last !== undefined && last.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  });
  if (options.injectSignatures) {
    for (const content of contents) {
      if (content.role !== 'model') continue;
      // After merging, one model content is one step; only its first call must carry a signature.
      const firstCall = content.parts.find((part) => part.functionCall !== undefined);
      if (firstCall !== undefined && firstCall.thoughtSignature === undefined) {
        firstCall.thoughtSignature = SKIP_SIGNATURE_VALIDATOR;
      }
    }
  }
  return contents;
}

/**
 * Thinking text is not sent back: Gemini keeps its reasoning in the opaque signature, and thought
 * summaries are output only. A signature belongs to a part ("return it on the part it was received
 * in"), so parseResponse puts a signature-only thinking part right before the part that carried
 * it, and here it moves back onto the next part. A signature with no part after it (Gemini's
 * trailing empty text part) is dropped: only function-call signatures are validated, and an empty
 * text part is not worth the risk of a 400. So is a signature Gemini did not issue (signatures.ts).
 */
function modelParts(content: ContentPart[], toolNames: Map<string, string>, callIds: boolean): GeminiPart[] {
  const parts: GeminiPart[] = [];
  let signature: string | undefined;
  const push = (part: GeminiPart): void => {
    if (signature !== undefined) part.thoughtSignature = signature;
    signature = undefined;
    parts.push(part);
  };
  for (const part of content) {
    switch (part.type) {
      case 'thinking':
        // Another provider's signature (Claude's, in a conversation moved here) is a 400 to Gemini.
        if (part.signature !== undefined) signature = geminiSignature(part.signature) ?? signature;
        break;
      case 'text':
        if (part.text !== '') push({ text: part.text });
        break;
      case 'image':
        push(imagePart(part.source));
        break;
      case 'tool-call': {
        toolNames.set(part.id, part.name);
        const functionCall: NonNullable<GeminiPart['functionCall']> = { name: part.name, args: parseArguments(part.arguments) };
        if (callIds && part.id !== '') functionCall.id = part.id;
        push({ functionCall });
        break;
      }
      // redacted-thinking is another provider's ciphertext; tool results never sit in a model turn.
      default:
        break;
    }
  }
  return parts;
}

function userParts(content: ContentPart[], toolNames: Map<string, string>, messageIndex: number, callIds: boolean): GeminiPart[] {
  const parts: GeminiPart[] = [];
  content.forEach((part, partIndex) => {
    if (part.type === 'text' && part.text !== '') parts.push({ text: part.text });
    else if (part.type === 'image') parts.push(imagePart(part.source));
    else if (part.type === 'tool-result') {
      const name = toolNames.get(part.toolCallId) ?? (part.name || undefined);
      if (name === undefined) {
        throw invalidRequest(
          'A tool result answers a tool call id that no earlier assistant message contains; Gemini needs the function name',
          `messages.${messageIndex}.content.${partIndex}.tool_call_id`,
        );
      }
      const functionResponse: NonNullable<GeminiPart['functionResponse']> = { name, response: toolResponse(part) };
      if (callIds && part.toolCallId !== '') functionResponse.id = part.toolCallId;
      parts.push({ functionResponse });
      // functionResponse holds JSON only on pre-3 models; images the tool returned follow it.
      for (const inner of part.content) if (inner.type === 'image') parts.push(imagePart(inner.source));
    }
  });
  return parts;
}

/**
 * `response` must be a JSON object. A tool that answered with a JSON object is passed as is;
 * any other text is wrapped. Failed calls use the `error` key, as the FunctionResponse docs suggest.
 */
function toolResponse(part: ToolResultPart): Record<string, unknown> {
  const text = part.content.flatMap((inner) => (inner.type === 'text' ? [inner.text] : [])).join('\n');
  const object = parseJsonObject(text);
  if (part.isError === true) return { error: object ?? text };
  return object ?? { content: text };
}

/** Tool-call arguments as an object: Gemini's `args` is a Struct, so invalid JSON becomes `{}`. */
function parseArguments(text: string): Record<string, unknown> {
  return parseJsonObject(text) ?? {};
}


const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;

function imagePart(source: ImageSource): GeminiPart {
  if (source.kind === 'base64') return { inlineData: { mimeType: source.mediaType, data: source.data } };
  const dataUrl = DATA_URL.exec(source.url);
  if (dataUrl !== null) return { inlineData: { mimeType: dataUrl[1] as string, data: dataUrl[2] as string } };
  return { fileData: { mimeType: imageMimeType(source.url), fileUri: source.url } };
}

const IMAGE_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  heic: 'image/heic',
  heif: 'image/heif',
};

/** fileData needs a MIME type and a URL rarely says; the extension is the best guess we have. */
export function imageMimeType(url: string): string {
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    path = url.split(/[?#]/)[0] ?? url;
  }
  const extension = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase();
  return (extension !== undefined ? IMAGE_TYPES[extension] : undefined) ?? 'image/jpeg';
}
