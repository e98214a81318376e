import { invalidRequest } from '../../errors/gateway-error';

// `models/<id>` or `tunedModels/<id>`; the id is what Google's model names are made of. Anything
// else is refused, because a client may pass an unknown alias through as `gemini/<model>` and the
// name ends up in a URL path (`../` must never reach it).
const MODEL_NAME = /^(models|tunedModels)\/[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The resource name Gemini wants (`models/gemini-2.5-flash`), given a name with or without the prefix. */
export function geminiModelName(model: string): string {
  const trimmed = model.trim();
  const name = trimmed.includes('/') ? trimmed : `models/${trimmed}`;
  if (!MODEL_NAME.test(name)) throw invalidRequest('Not a valid Gemini model name', 'model', 'model_not_found');
  return name;
}

export interface GeminiPaths {
  /** `models/{m}:generateContent`, or `models/{m}:streamGenerateContent?alt=sse` when streaming. */
  chat: string;
  /** `models/{m}:batchEmbedContents`. */
  embeddings: string;
}

/** Paths relative to the API root (`https://generativelanguage.googleapis.com/v1beta/`). */
export function geminiPaths(model: string, stream = false): GeminiPaths {
  const name = geminiModelName(model);
  return {
    // Without alt=sse the stream is one long JSON array; with it, one SSE frame per response chunk.
    chat: stream ? `${name}:streamGenerateContent?alt=sse` : `${name}:generateContent`,
    embeddings: `${name}:batchEmbedContents`,
  };
}

/** Gemini 3 and later reject replayed function calls that lack a thought signature. */
export function isGemini3OrLater(model: string): boolean {
  const match = /gemini-(\d+)/i.exec(model);
  return match !== null && Number(match[1]) >= 3;
}
