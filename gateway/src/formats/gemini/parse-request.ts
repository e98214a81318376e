import type { ChatRequest, ResponseFormat, ThinkingConfig, ToolChoice, ToolDefinition } from '../../canonical/types';
import type { GatewayError } from '../../errors/gateway-error';
import { isObject } from '../json-object';
import { openApiToJsonSchema } from './openapi-schema';
import { parseContents, parseSystem } from './parse-contents';
import { type ParseContext, type Path, invalidAt, parseAt, untranslatableAt } from './request-path';
import { type CallingConfig, type GenerationConfig, functionDeclarationSchema, requestSchema, toolSchema } from './request-schema';

function parseTools(values: unknown[], ctx: ParseContext): ToolDefinition[] {
  const tools: ToolDefinition[] = [];
  values.forEach((value, i) => {
    const path: Path = ['tools', i];
    const tool = parseAt(toolSchema, value, path);
    // googleSearch, codeExecution, urlContext, fileSearch, googleMaps, computerUse…: they run on
    // Google's side, so no other provider has them.
    for (const [key, member] of Object.entries(tool)) {
      if (key !== 'functionDeclarations' && member != null) ctx.refuse(untranslatableAt([...path, key], `the Gemini built-in tool "${key.slice(0, 64)}"`));
    }
    (tool.functionDeclarations ?? []).forEach((raw, j) => {
      const declaration = parseAt(functionDeclarationSchema, raw, [...path, 'functionDeclarations', j]);
      const schema = declaration.parametersJsonSchema ?? (declaration.parameters ? openApiToJsonSchema(declaration.parameters) : undefined);
      tools.push({
        name: declaration.name,
        ...(declaration.description ? { description: declaration.description } : {}),
        // No schema: a function without arguments, which other providers still want an object schema for.
        parameters: schema ?? { type: 'object', properties: {} },
      });
    });
  });
  return tools;
}

/**
 * functionCallingConfig → tool choice. VALIDATED (calls or text, calls held to their schema) is
 * `auto`. `allowedFunctionNames` has no canonical field: one name under ANY is a forced call,
 * otherwise the tools offered are cut down to the allowed ones, which is what the names allow.
 */
function toolSettings(tools: ToolDefinition[], config: CallingConfig | null | undefined): Pick<ChatRequest, 'tools' | 'toolChoice'> {
  const mode = (config?.mode ?? 'MODE_UNSPECIFIED').toUpperCase();
  const allowed = config?.allowedFunctionNames ?? [];
  const offered = allowed.length > 0 && mode !== 'NONE' ? tools.filter((tool) => allowed.includes(tool.name)) : tools;
  const out: Pick<ChatRequest, 'tools' | 'toolChoice'> = offered.length > 0 ? { tools: offered } : {};
  const choice = toolChoiceOf(mode, allowed);
  if (choice !== undefined) out.toolChoice = choice;
  return out;
}

function toolChoiceOf(mode: string, allowed: string[]): ToolChoice | undefined {
  switch (mode) {
    case 'MODE_UNSPECIFIED':
      return undefined;
    case 'AUTO':
    case 'VALIDATED':
      return { type: 'auto' };
    case 'NONE':
      return { type: 'none' };
    case 'ANY':
      return allowed.length === 1 && allowed[0] !== undefined ? { type: 'tool', name: allowed[0] } : { type: 'required' };
    default:
      throw invalidAt(['toolConfig', 'functionCallingConfig', 'mode'], 'unsupported value; expected one of AUTO, ANY, NONE, VALIDATED');
  }
}

// Generation settings copied as they are: Gemini's name → the canonical one.
const COPIED = [
  ['temperature', 'temperature'],
  ['topP', 'topP'],
  ['topK', 'topK'],
  ['maxOutputTokens', 'maxTokens'],
  ['seed', 'seed'],
  ['presencePenalty', 'presencePenalty'],
  ['frequencyPenalty', 'frequencyPenalty'],
] as const;

const at = (key: string): Path => ['generationConfig', key];

function generationSettings(config: GenerationConfig, ctx: ParseContext): Partial<ChatRequest> {
  const out: Partial<ChatRequest> = {};
  for (const [from, to] of COPIED) {
    const value = config[from];
    if (value != null) out[to] = value;
  }
  if (config.stopSequences != null && config.stopSequences.length > 0) out.stop = config.stopSequences;
  // Answers are rendered from one candidate; Gemini itself can give several.
  if (config.candidateCount != null && config.candidateCount > 1) ctx.refuse(untranslatableAt(at('candidateCount'), 'more than one candidate'));
  if (config.responseLogprobs === true || config.logprobs != null) ctx.refuse(untranslatableAt(at('responseLogprobs'), 'log probabilities'));
  if (config.responseModalities?.some((modality) => modality.toUpperCase() !== 'TEXT')) ctx.refuse(untranslatableAt(at('responseModalities'), 'output other than text'));
  if (config.speechConfig != null) ctx.refuse(untranslatableAt(at('speechConfig'), 'speech output'));
  const format = responseFormat(config, ctx);
  if (format !== undefined) out.responseFormat = format;
  const thinking = thinkingOf(config.thinkingConfig);
  if (thinking !== undefined) out.thinking = thinking;
  return out;
}

/** JSON mode, with a schema when one is given (`responseJsonSchema` as is, `responseSchema` converted). */
function responseFormat(config: GenerationConfig, ctx: ParseContext): ResponseFormat | undefined {
  const mime = config.responseMimeType?.toLowerCase();
  if (mime == null || mime === '' || mime === 'text/plain') return undefined;
  if (mime !== 'application/json') {
    // text/x.enum: one of the schema's values as plain text, which only Gemini enforces.
    ctx.refuse(untranslatableAt(at('responseMimeType'), `a response of type "${mime.slice(0, 64)}"`));
    return undefined;
  }
  const schema = config.responseJsonSchema ?? (config.responseSchema ? openApiToJsonSchema(config.responseSchema) : undefined);
  return schema === undefined ? { type: 'json_object' } : { type: 'json_schema', name: 'response', schema };
}

const LEVELS: Record<string, ThinkingConfig['effort']> = { MINIMAL: 'minimal', LOW: 'low', MEDIUM: 'medium', HIGH: 'high', XHIGH: 'high' };

/**
 * thinkingConfig → canonical thinking. A budget of 0 turns thinking off, which canonically is no
 * thinking config (as OpenAI's `reasoning_effort: "none"`); -1 (dynamic) or `includeThoughts`
 * alone is thinking on at a depth the provider picks (`{}`). `includeThoughts` itself has no
 * canonical field: thought summaries come back whenever the provider sends them.
 */
function thinkingOf(config: GenerationConfig['thinkingConfig']): ThinkingConfig | undefined {
  if (config == null || config.thinkingBudget === 0) return undefined;
  const out: ThinkingConfig = {};
  if (config.thinkingBudget != null && config.thinkingBudget > 0) out.budgetTokens = config.thinkingBudget;
  const level = config.thinkingLevel?.toUpperCase();
  if (level != null && level !== '' && level !== 'THINKING_LEVEL_UNSPECIFIED') {
    const effort = LEVELS[level];
    if (effort === undefined) throw invalidAt([...at('thinkingConfig'), 'thinkingLevel'], 'unsupported value; expected one of MINIMAL, LOW, MEDIUM, HIGH, XHIGH');
    out.effort = effort;
  }
  if (out.budgetTokens === undefined && out.effort === undefined && config.thinkingBudget !== -1 && config.includeThoughts !== true) return undefined;
  return out;
}

function parse(body: unknown, ctx: ParseContext): ChatRequest {
  if (!isObject(body)) throw invalidAt([], 'The request body must be a JSON object');
  const req = parseAt(requestSchema, body, []);
  // Part of the prompt is stored on Google's side, out of reach of any other provider.
  if (req.cachedContent) ctx.refuse(untranslatableAt(['cachedContent'], 'content cached on Gemini'));
  const request: ChatRequest = {
    // The model and whether to stream are in the URL, not the body: the pipeline sets both.
    model: '',
    system: parseSystem(req.systemInstruction, ctx),
    messages: parseContents(req.contents, ctx),
    stream: false,
    // Gemini's stream chunks carry usageMetadata, always.
    streamUsage: true,
    ...toolSettings(parseTools(req.tools ?? [], ctx), req.toolConfig?.functionCallingConfig),
  };
  // safetySettings are left out: they tune Gemini's own filters, which no other provider has.
  return req.generationConfig == null ? request : { ...request, ...generationSettings(req.generationConfig, ctx) };
}

/**
 * Validates a `generateContent` body and converts it to the canonical shape (`model` empty, the
 * URL names it). Content only Gemini understands is a 400 `untranslatable_content` naming the
 * field, as `contents[0].parts[1].fileData`.
 */
export function parseGeminiRequest(body: unknown): ChatRequest {
  return parse(body, {
    refuse: (error) => {
      throw error;
    },
  });
}

/**
 * Like parseGeminiRequest, for a request that may yet go to Gemini as sent: content the canonical
 * shape cannot carry is left out of `request` and reported as `untranslatable` (the first such
 * 400), thrown only if the request must be translated after all. Malformed requests still throw.
 */
export function inspectGeminiRequest(body: unknown): { request: ChatRequest; untranslatable?: GatewayError } {
  let untranslatable: GatewayError | undefined;
  const request = parse(body, { refuse: (error) => void (untranslatable ??= error) });
  return untranslatable === undefined ? { request } : { request, untranslatable };
}
