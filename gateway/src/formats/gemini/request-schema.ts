/**
 * zod schemas for the parts of a `generateContent` request the gateway translates (field names
 * from ai.google.dev/api/generate-content). Objects are loose: fields we do not translate
 * (`videoMetadata`, `labels`, `behavior`…) are accepted and dropped; what only Gemini can act on
 * is found by name in parse-request.ts and parse-contents.ts, and reported as untranslatable.
 */
import { z } from 'zod';
import { jsonObjectSchema } from '../json-object';
import { proto } from './request-path';

const optionalString = z.string().nullish();
const optionalNumber = z.number().nullish();
const optionalInt = z.number().int().nullish();

export const blobSchema = proto({ mimeType: z.string().min(1), data: z.string() });

export const partSchema = proto({
  text: optionalString,
  thought: z.boolean().nullish(),
  thoughtSignature: optionalString,
  inlineData: blobSchema.nullish(),
  functionCall: proto({ id: optionalString, name: z.string().min(1), args: jsonObjectSchema.nullish() }).nullish(),
  functionResponse: proto({
    id: optionalString,
    name: z.string().min(1),
    response: jsonObjectSchema.nullish(),
    // Gemini 3: media a function returned (FunctionResponsePart: inlineData or fileData).
    parts: z.array(z.unknown()).nullish(),
  }).nullish(),
});

export type RequestPart = z.output<typeof partSchema>;

export const functionResponsePartSchema = proto({ inlineData: blobSchema.nullish() });

/** `role` is optional (unset reads as user); `function` is the role older clients give function responses. */
export const contentSchema = proto({
  role: optionalString,
  parts: z.array(z.unknown()).min(1, 'contents.parts must not be empty'),
});

export const systemInstructionSchema = proto({ parts: z.array(z.unknown()).nullish() });

export const functionDeclarationSchema = proto({
  name: z.string().min(1),
  description: optionalString,
  /** The OpenAPI-subset Schema (`type: "OBJECT"`), converted by openapi-schema.ts. */
  parameters: jsonObjectSchema.nullish(),
  parametersJsonSchema: jsonObjectSchema.nullish(),
});

export const toolSchema = proto({ functionDeclarations: z.array(z.unknown()).nullish() });

export const toolConfigSchema = proto({
  functionCallingConfig: proto({ mode: optionalString, allowedFunctionNames: z.array(z.string()).nullish() }).nullish(),
});

export type CallingConfig = NonNullable<z.output<typeof toolConfigSchema>['functionCallingConfig']>;

export const thinkingConfigSchema = proto({
  thinkingBudget: optionalInt,
  thinkingLevel: optionalString,
  includeThoughts: z.boolean().nullish(),
});

export const generationConfigSchema = proto({
  temperature: optionalNumber,
  topP: optionalNumber,
  topK: optionalNumber,
  maxOutputTokens: optionalInt,
  stopSequences: z.array(z.string()).nullish(),
  candidateCount: optionalInt,
  seed: optionalInt,
  presencePenalty: optionalNumber,
  frequencyPenalty: optionalNumber,
  responseMimeType: optionalString,
  responseSchema: jsonObjectSchema.nullish(),
  responseJsonSchema: jsonObjectSchema.nullish(),
  responseLogprobs: z.boolean().nullish(),
  logprobs: optionalInt,
  responseModalities: z.array(z.string()).nullish(),
  speechConfig: z.unknown().optional(),
  thinkingConfig: thinkingConfigSchema.nullish(),
});

export type GenerationConfig = z.output<typeof generationConfigSchema>;

/** The top level. `contents`, `systemInstruction` and `tools` are walked by hand for precise paths. */
export const requestSchema = proto({
  contents: z.array(z.unknown()).min(1, 'contents is not specified'),
  systemInstruction: z.unknown().optional(),
  tools: z.array(z.unknown()).nullish(),
  toolConfig: toolConfigSchema.nullish(),
  generationConfig: generationConfigSchema.nullish(),
  safetySettings: z.array(z.unknown()).nullish(),
  cachedContent: optionalString,
});
