import { startFakeServer } from './core/fake-server';
import { isRecord, records } from './core/json';
import type { JsonReply, ProviderSpec, Rendered, RequestContext } from './core/route';
import { fakeEmbedding } from './core/text';
import type { CommonFakeOptions, ContentBehaviour, FakeProvider } from './core/types';
import { geminiAuth, googleError, renderGeminiError } from './gemini/errors';
import { contentToEmbed, renderCountTokens, renderGenerate } from './gemini/generate';
import { validateGenerate } from './gemini/validate';

export interface FakeGeminiOptions extends CommonFakeOptions {
  /** Model ids listed by GET /v1beta/models (without the "models/" prefix). */
  models?: string[];
}

const DEFAULT_MODELS = ['gemini-2.5-flash', 'gemini-2.5-pro', 'text-embedding-004'];

/** `/v1beta/models/{model}:{method}` (and /v1); some clients percent-encode the colon. */
const method = (name: string): RegExp => new RegExp(`^/(?:v1beta|v1)/models/(?<model>[^/:]+):${name}$`);

function embedding(request: unknown, index: number, behaviour: ContentBehaviour): { values: number[] } {
  const body = isRecord(request) ? request : {};
  const dims = typeof body.outputDimensionality === 'number' ? body.outputDimensionality : 8;
  return { values: behaviour.vectors?.[index] ?? fakeEmbedding(contentToEmbed(body.content), dims) };
}

function renderEmbed(ctx: RequestContext, behaviour: ContentBehaviour): Rendered {
  return { type: 'json', body: { embedding: embedding(ctx.recorded.body, 0, behaviour) } };
}

function renderBatchEmbed(ctx: RequestContext, behaviour: ContentBehaviour): Rendered {
  const requests = isRecord(ctx.recorded.body) ? records(ctx.recorded.body.requests) : [];
  return { type: 'json', body: { embeddings: requests.map((request, i) => embedding(request, i, behaviour)) } };
}

const invalid = (message: string) => googleError(400, message, 'INVALID_ARGUMENT');

/** The real API takes at most this many requests in one batchEmbedContents call. */
const BATCH_EMBED_LIMIT = 100;

function validateBatchEmbed(ctx: RequestContext): JsonReply | undefined {
  const body = ctx.recorded.body;
  const requests = isRecord(body) && Array.isArray(body.requests) ? body.requests : [];
  if (requests.length === 0) return invalid('* BatchEmbedContentsRequest.requests: requests is not specified\n');
  if (requests.length > BATCH_EMBED_LIMIT) {
    return invalid(`* BatchEmbedContentsRequest.requests: at most ${BATCH_EMBED_LIMIT} requests can be in one batch\n`);
  }
  return undefined;
}

/** A fake Gemini API; baseUrl = fake.url + '/v1beta'. */
export function startFakeGemini(options: FakeGeminiOptions = {}): Promise<FakeProvider> {
  const models = options.models ?? DEFAULT_MODELS;
  const spec: ProviderSpec = {
    jsonContentType: 'application/json; charset=UTF-8',
    authenticate: (ctx) => geminiAuth(ctx, options.apiKey),
    malformedJson: () => invalid('Invalid JSON payload received. Unexpected token.'),
    notFound: (ctx) => googleError(404, `Requested entity was not found: ${ctx.recorded.path}`, 'NOT_FOUND'),
    renderError: renderGeminiError,
    responseHeaders: () => ({}),
    routes: [
      {
        method: 'POST',
        pattern: method('generateContent'),
        modelCall: true,
        validate: validateGenerate,
        render: (ctx, b) => renderGenerate(ctx, b, false),
      },
      {
        method: 'POST',
        pattern: method('streamGenerateContent'),
        modelCall: true,
        validate: validateGenerate,
        render: (ctx, b) => renderGenerate(ctx, b, true),
      },
      { method: 'POST', pattern: method('countTokens'), modelCall: true, render: renderCountTokens },
      {
        method: 'POST',
        pattern: method('embedContent'),
        modelCall: true,
        validate: (ctx) =>
          isRecord(ctx.recorded.body) && isRecord(ctx.recorded.body.content)
            ? undefined
            : invalid('* EmbedContentRequest.content: content is not specified\n'),
        render: renderEmbed,
      },
      {
        method: 'POST',
        pattern: method('batchEmbedContents'),
        modelCall: true,
        validate: validateBatchEmbed,
        render: renderBatchEmbed,
      },
      {
        method: 'GET',
        pattern: /^\/(?:v1beta|v1)\/models$/,
        modelCall: false,
        render: () => ({
          type: 'json',
          body: {
            models: models.map((id) => ({
              name: `models/${id}`,
              displayName: id,
              supportedGenerationMethods: id.includes('embedding')
                ? ['embedContent', 'batchEmbedContents']
                : ['generateContent', 'countTokens'],
            })),
          },
        }),
      },
    ],
  };
  return startFakeServer(spec, options);
}
