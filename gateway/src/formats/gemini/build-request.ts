import type { ChatRequest, ResponseFormat, ThinkingConfig, ToolChoice, ToolDefinition } from '../../canonical/types';
import type { ClientShape } from '../../providers/types';
import { checkStopLimit } from '../stop-limit';
import { buildContents } from './contents';
import { isGemini3OrLater } from './paths';

// `generationConfig.stopSequences` takes at most 5; more is a 400.
const MAX_STOP_SEQUENCES = 5;

/**
 * Canonical request → `generateContent` body. The model is not in the body: it is part of the
 * path (see geminiPaths). `user`, `metadata` and `parallelToolCalls` have no Gemini equivalent.
 * Throws untranslatable_content for more stop sequences than Gemini takes, naming the field as
 * `client` spells it (unset: OpenAI's `stop`): clients of either shape are translated to Gemini.
 */
export function buildGeminiRequest(request: ChatRequest, model: string, client: ClientShape = 'openai'): Record<string, unknown> {
  checkStopLimit(request, MAX_STOP_SEQUENCES, client);
  const gemini3 = isGemini3OrLater(model);
  const body: Record<string, unknown> = {
    contents: buildContents(request.messages, { injectSignatures: gemini3, callIds: gemini3 }),
  };
  const system = request.system.filter((part) => part.text !== '').map((part) => ({ text: part.text }));
  if (system.length > 0) body.systemInstruction = { parts: system };
  if (request.tools !== undefined && request.tools.length > 0) {
    body.tools = [{ functionDeclarations: request.tools.map(functionDeclaration) }];
    // A toolConfig without tools is refused, so it only travels with them.
    if (request.toolChoice !== undefined) body.toolConfig = { functionCallingConfig: callingConfig(request.toolChoice) };
  }
  const generationConfig = buildGenerationConfig(request, model, gemini3);
  if (Object.keys(generationConfig).length > 0) body.generationConfig = generationConfig;
  return body;
}

/**
 * Tools use `parametersJsonSchema`, which takes JSON Schema as clients write it. The older
 * `parameters` field is an OpenAPI-subset proto that answers 400 to `additionalProperties`,
 * `$schema`, `const` and more, which every MCP and zod-generated tool carries. `$schema` is still
 * removed: it describes the document, not the arguments, and Gemini has refused it before.
 */
function functionDeclaration(tool: ToolDefinition): Record<string, unknown> {
  const declaration: Record<string, unknown> = { name: tool.name };
  if (tool.description !== undefined && tool.description !== '') declaration.description = tool.description;
  // An empty schema (`{}`) means "no parameters", which Gemini spells by leaving the field out.
  if (Object.keys(tool.parameters).length > 0) declaration.parametersJsonSchema = withoutSchemaKey(tool.parameters);
  return declaration;
}

function callingConfig(choice: ToolChoice): Record<string, unknown> {
  switch (choice.type) {
    case 'auto':
      return { mode: 'AUTO' };
    case 'none':
      return { mode: 'NONE' };
    case 'required':
      return { mode: 'ANY' };
    case 'tool':
      return { mode: 'ANY', allowedFunctionNames: [choice.name] };
  }
}

function buildGenerationConfig(request: ChatRequest, model: string, gemini3: boolean): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  if (request.temperature !== undefined) config.temperature = request.temperature;
  if (request.topP !== undefined) config.topP = request.topP;
  if (request.topK !== undefined) config.topK = request.topK;
  if (request.maxTokens !== undefined) config.maxOutputTokens = request.maxTokens;
  if (request.stop !== undefined && request.stop.length > 0) config.stopSequences = request.stop;
  if (request.seed !== undefined) config.seed = request.seed;
  if (request.presencePenalty !== undefined) config.presencePenalty = request.presencePenalty;
  if (request.frequencyPenalty !== undefined) config.frequencyPenalty = request.frequencyPenalty;
  if (request.responseFormat !== undefined) Object.assign(config, responseFormat(request.responseFormat));
  if (request.thinking !== undefined) {
    const thinking = thinkingConfig(request.thinking, model, gemini3);
    if (thinking !== undefined) config.thinkingConfig = thinking;
  }
  return config;
}

/**
 * `responseJsonSchema` takes JSON Schema (with `additionalProperties`, `$ref`, `anyOf`...), unlike
 * `responseSchema`, the OpenAPI subset; the two are mutually exclusive and we only send the first.
 */
function responseFormat(format: ResponseFormat): Record<string, unknown> {
  switch (format.type) {
    case 'text':
      return {};
    case 'json_object':
      return { responseMimeType: 'application/json' };
    case 'json_schema':
      return { responseMimeType: 'application/json', responseJsonSchema: withoutSchemaKey(format.schema) };
  }
}

// Google's own OpenAI-compatible endpoint maps reasoning_effort low/medium/high to these budgets.
// `minimal` gets 512, the smallest budget every 2.5 model accepts (Flash-Lite's floor).
const EFFORT_BUDGET: Record<NonNullable<ThinkingConfig['effort']>, number> = {
  minimal: 512,
  low: 1024,
  medium: 8192,
  high: 24576,
};

/**
 * The largest thinkingBudget a Gemini 2.5 model takes; more is a 400 ("The thinking budget (N) is
 * invalid."). Anthropic clients ask for more: Claude Code's default budget is 31999.
 * See ai.google.dev/gemini-api/docs/thinking, "Set budgets".
 */
function maxThinkingBudget(model: string): number | undefined {
  if (model.includes('gemini-2.5-pro')) return 32768;
  if (model.includes('gemini-2.5-flash')) return 24576;
  return undefined;
}

/**
 * An explicit budget wins and is sent as `thinkingBudget` (Gemini 3 still accepts it), capped at
 * what the model takes. An effort alone becomes `thinkingLevel` on Gemini 3 (its native control;
 * levels a model lacks are refused upstream) and a budget on older models. Sending both fields is
 * a 400, so never both. Thought summaries are asked for whenever the model is allowed to think.
 */
function thinkingConfig(thinking: ThinkingConfig, model: string, gemini3: boolean): Record<string, unknown> | undefined {
  if (thinking.budgetTokens !== undefined) {
    if (thinking.budgetTokens === 0) return { thinkingBudget: 0 };
    const budget = Math.min(thinking.budgetTokens, maxThinkingBudget(model) ?? thinking.budgetTokens);
    return { thinkingBudget: budget, includeThoughts: true };
  }
  if (thinking.effort === undefined) return undefined;
  if (gemini3) return { thinkingLevel: thinking.effort, includeThoughts: true };
  return { thinkingBudget: EFFORT_BUDGET[thinking.effort], includeThoughts: true };
}

function withoutSchemaKey(schema: Record<string, unknown>): Record<string, unknown> {
  if (!('$schema' in schema)) return schema;
  const { $schema: _ignored, ...rest } = schema;
  return rest;
}
