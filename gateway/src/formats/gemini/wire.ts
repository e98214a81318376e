/**
 * The slice of the Gemini API (Generative Language API, v1beta) this gateway reads and writes.
 * Field names follow ai.google.dev/api/generate-content. Response schemas are loose: Gemini adds
 * fields often (grounding, safety ratings, code execution), and we only read what we translate.
 */
import { z } from 'zod';

// ---- Request side: what we build ------------------------------------------------------------

export interface GeminiPart {
  text?: string;
  inlineData?: { mimeType: string; data: string };
  fileData?: { mimeType: string; fileUri: string };
  /** `id` pairs a call with its response; Gemini 3 gives every call one and wants it echoed. */
  functionCall?: { name: string; args: Record<string, unknown>; id?: string };
  functionResponse?: { name: string; response: Record<string, unknown>; id?: string };
  /** Opaque; must come back on the very part it arrived on (docs: thought-signatures). */
  thoughtSignature?: string;
}

export interface GeminiContent {
  role: 'user' | 'model';
  parts: GeminiPart[];
}

// ---- Response side: what we read ------------------------------------------------------------

const optionalString = z.string().nullish().catch(undefined);
const count = z.number().nonnegative().nullish().catch(undefined);

export const responsePartSchema = z.looseObject({
  text: optionalString,
  /** True on thought-summary parts (only sent when `includeThoughts` is on). */
  thought: z.boolean().nullish().catch(undefined),
  thoughtSignature: optionalString,
  functionCall: z
    .looseObject({
      id: optionalString,
      name: z.string(),
      args: z.record(z.string(), z.unknown()).nullish().catch(undefined),
    })
    .nullish(),
});

export type GeminiResponsePart = z.infer<typeof responsePartSchema>;

export const usageMetadataSchema = z.looseObject({
  promptTokenCount: count,
  candidatesTokenCount: count,
  cachedContentTokenCount: count,
  thoughtsTokenCount: count,
  toolUsePromptTokenCount: count,
  totalTokenCount: count,
});

export type GeminiUsageMetadata = z.infer<typeof usageMetadataSchema>;

/** A whole `generateContent` response, and equally one `streamGenerateContent` SSE frame. */
export const generateContentResponseSchema = z.looseObject({
  candidates: z
    .array(
      z.looseObject({
        content: z.looseObject({ parts: z.array(responsePartSchema).nullish() }).nullish(),
        finishReason: optionalString,
        /** Why generation stopped, in words; sent with some finish reasons (MALFORMED_FUNCTION_CALL…). */
        finishMessage: optionalString,
      }),
    )
    .nullish(),
  promptFeedback: z.looseObject({ blockReason: optionalString }).nullish().catch(undefined),
  usageMetadata: usageMetadataSchema.nullish().catch(undefined),
  modelVersion: optionalString,
  responseId: optionalString,
});

export type GeminiResponse = z.infer<typeof generateContentResponseSchema>;

/** google.rpc.Status as the REST API renders it: `{error:{code,message,status,details}}`. */
export const errorBodySchema = z.looseObject({
  error: z.looseObject({
    code: z.number().nullish().catch(undefined),
    message: optionalString,
    status: optionalString,
    details: z.array(z.unknown()).nullish().catch(undefined),
  }),
});

export type GeminiErrorBody = z.infer<typeof errorBodySchema>;

export const batchEmbedResponseSchema = z.looseObject({
  embeddings: z.array(z.looseObject({ values: z.array(z.number()) })),
  // Only newer embedding models report it; older ones send embeddings alone.
  usageMetadata: z.looseObject({ promptTokenCount: count }).nullish().catch(undefined),
});
