import { isRecord, records, str } from '../core/json';
import type { JsonReply, RequestContext } from '../core/route';
import { googleError } from './errors';

// Proto-JSON accepts both spellings of every field.
const TOP_LEVEL = new Set([
  'model', 'contents', 'tools', 'toolConfig', 'tool_config', 'safetySettings', 'safety_settings',
  'systemInstruction', 'system_instruction', 'generationConfig', 'generation_config', 'cachedContent',
  'cached_content', 'labels', 'serviceTier', 'service_tier',
]);
const GENERATION_CONFIG = new Set([
  'stopSequences', 'responseMimeType', 'responseSchema', 'responseJsonSchema', 'responseModalities',
  'candidateCount', 'maxOutputTokens', 'temperature', 'topP', 'topK', 'seed', 'presencePenalty',
  'frequencyPenalty', 'responseLogprobs', 'logprobs', 'enableEnhancedCivicAnswers', 'speechConfig',
  'thinkingConfig', 'imageConfig', 'mediaResolution', 'routingConfig', 'audioTimestamp', 'modelSelectionConfig',
  '_responseJsonSchema', 'stop_sequences', 'response_mime_type', 'response_schema', 'response_json_schema',
  'response_modalities', 'candidate_count', 'max_output_tokens', 'top_p', 'top_k', 'presence_penalty',
  'frequency_penalty', 'response_logprobs', 'enable_enhanced_civic_answers', 'speech_config',
  'thinking_config', 'image_config', 'media_resolution', 'routing_config', 'audio_timestamp',
]);

const invalid = (message: string): JsonReply => googleError(400, message, 'INVALID_ARGUMENT');

/**
 * The thinkingBudget range of each Gemini 2.5 model (ai.google.dev/gemini-api/docs/thinking,
 * "Set budgets"): Pro 128 to 32768, Flash 0 to 24576, Flash-Lite 0 or 512 to 24576; -1 is dynamic.
 */
function budgetInRange(model: string, budget: number): boolean {
  if (budget === -1) return true;
  if (/gemini-2\.5-pro/.test(model)) return budget >= 128 && budget <= 32768;
  if (/gemini-2\.5-flash-lite/.test(model)) return budget === 0 || (budget >= 512 && budget <= 24576);
  if (/gemini-2\.5-flash/.test(model)) return budget >= 0 && budget <= 24576;
  return true;
}

const unknownName = (name: string, at?: string): JsonReply =>
  invalid(`Invalid JSON payload received. Unknown name "${name}"${at ? ` at '${at}'` : ''}: Cannot find field.`);

/**
 * A thought signature Gemini did not issue (another provider's, or one altered on the way) is a
 * 400 "Corrupted thought signature." — what a conversation moved to Gemini from Claude meets. The
 * two dummy values Google documents for replayed calls pass (ai.google.dev, "Thought signatures").
 */
const DUMMY_SIGNATURES = new Set(['skip_thought_signature_validator', 'context_engineering_is_the_way_to_go']);
const issuedHere = (signature: string): boolean =>
  DUMMY_SIGNATURES.has(signature) || Buffer.from(signature, 'base64').toString('utf8').startsWith('fake-sig:');

/**
 * Gemini refuses unknown field names (an OpenAI-shaped body sent unchanged fails here), empty
 * contents, roles other than user/model, a thinking budget outside the model's range and thought
 * signatures it did not issue.
 */
export function validateGenerate(ctx: RequestContext): JsonReply | undefined {
  const body = ctx.recorded.body;
  if (!isRecord(body)) return invalid('Invalid JSON payload received. Expected an object.');
  for (const key of Object.keys(body)) if (!TOP_LEVEL.has(key)) return unknownName(key);
  const config = body.generationConfig ?? body.generation_config;
  if (isRecord(config)) {
    for (const key of Object.keys(config)) if (!GENERATION_CONFIG.has(key)) return unknownName(key, 'generation_config');
    const thinking = config.thinkingConfig ?? config.thinking_config;
    const budget = isRecord(thinking) ? (thinking.thinkingBudget ?? thinking.thinking_budget) : undefined;
    // Google's words for it (AI Studio); Vertex AI says "thinking_budget is out of range".
    if (typeof budget === 'number' && !budgetInRange(ctx.params.model ?? '', budget)) return invalid(`The thinking budget (${budget}) is invalid.`);
  }
  if (!Array.isArray(body.contents) || body.contents.length === 0) {
    return invalid('* GenerateContentRequest.contents: contents is not specified\n');
  }
  for (const [i, content] of records(body.contents).entries()) {
    const role = str(content.role);
    if (role !== undefined && role !== 'user' && role !== 'model') {
      return invalid('Please use a valid role: user, model.');
    }
    if (records(content.parts).length === 0) {
      return invalid(`* GenerateContentRequest.contents[${i}].parts: contents.parts must not be empty.\n`);
    }
    for (const part of records(content.parts)) {
      const signature = part.thoughtSignature ?? part.thought_signature;
      if (typeof signature === 'string' && !issuedHere(signature)) return invalid('Corrupted thought signature.');
    }
    const unmatched = unmatchedResponseId(records(body.contents), i);
    if (unmatched) return invalid(unmatched);
  }
  if (/gemini-([3-9]|\d\d)/.test(ctx.params.model ?? '') && unsignedCallInCurrentTurn(records(body.contents))) {
    return invalid('Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly.');
  }
  return undefined;
}

/**
 * Gemini 3 validates the signatures of the current turn (since the last user message with text):
 * the first function call of each model step in it must carry one.
 */
function unsignedCallInCurrentTurn(contents: Record<string, unknown>[]): boolean {
  const hasText = (content: Record<string, unknown>): boolean => records(content.parts).some((part) => typeof part.text === 'string');
  let start = 0;
  contents.forEach((content, i) => {
    if (content.role !== 'model' && hasText(content)) start = i + 1;
  });
  return contents.slice(start).some((content) => {
    if (content.role !== 'model') return false;
    const call = records(content.parts).find((part) => part.functionCall !== undefined || part.function_call !== undefined);
    return call !== undefined && call.thoughtSignature === undefined && call.thought_signature === undefined;
  });
}

/**
 * A functionResponse id that no functionCall of the model turn before it carries, when those calls
 * have ids (Gemini 3 gives every call one): Gemini pairs results with calls by id.
 */
function unmatchedResponseId(contents: Record<string, unknown>[], i: number): string | undefined {
  const previous = i > 0 ? contents[i - 1] : undefined;
  const callIds = records(previous?.parts).flatMap((part) => (isRecord(part.functionCall) && typeof part.functionCall.id === 'string' ? [part.functionCall.id] : []));
  if (callIds.length === 0) return undefined;
  for (const part of records(contents[i]?.parts)) {
    const id = isRecord(part.functionResponse) ? part.functionResponse.id : undefined;
    if (typeof id === 'string' && !callIds.includes(id)) return 'functionResponse.id does not match functionCall.id';
  }
  return undefined;
}

