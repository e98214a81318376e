import { randomUUID } from 'node:crypto';
import { startFakeServer } from './core/fake-server';
import { field, isRecord, str } from './core/json';
import type { ProviderSpec, RequestContext, Route } from './core/route';
import type { CommonFakeOptions, FakeProvider } from './core/types';
import { renderChat } from './openai/chat';
import { renderCompletion, validateCompletion } from './openai/completions';
import { renderEmbeddings } from './openai/embeddings';
import { renderResponses } from './openai/responses';
import { ResponsesState } from './openai/responses-state';
import {
  azureGate,
  azureKeyGate,
  MALFORMED_JSON_MESSAGE,
  openAIAuth,
  openAIError,
  renderAzureError,
  renderOpenAIError,
} from './openai/errors';
import { validateChat, validateEmbeddings } from './openai/validate';

export interface FakeOpenAIOptions extends CommonFakeOptions {
  /** Ids listed by GET /v1/models. */
  models?: string[];
  /** Azure deployment name → model written in responses; unknown deployments answer as themselves. */
  deployments?: Record<string, string>;
  /** Azure only: a Microsoft Entra ID access token also accepted, as `Authorization: Bearer`. */
  bearerToken?: string;
}

const DEFAULT_MODELS = ['gpt-4o-mini', 'gpt-4o', 'gpt-5.1', 'text-embedding-3-small'];

const requestedModel = (ctx: RequestContext, fallback: string): string => str(field(ctx.recorded.body, 'model')) ?? fallback;

/**
 * A fake OpenAI API (under /v1, so baseUrl = fake.url + '/v1') that also serves Azure OpenAI's
 * /openai/deployments/{deployment}/... paths (baseUrl = fake.url + '/openai').
 */
export function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeProvider> {
  const models = options.models ?? DEFAULT_MODELS;
  const deploymentModel = (ctx: RequestContext): string => {
    const deployment = ctx.params.deployment ?? '';
    return options.deployments?.[deployment] ?? deployment;
  };
  const azure = {
    authenticate: (ctx: RequestContext) => azureGate(ctx, options.apiKey, options.bearerToken),
    renderError: renderAzureError,
  };
  // Azure's v1 API: OpenAI's paths under /openai/v1, the deployment named by `model`, no api-version.
  const azureV1 = {
    authenticate: (ctx: RequestContext) => azureKeyGate(ctx, options.apiKey, options.bearerToken),
    renderError: renderAzureError,
  };
  const bodyDeployment = (ctx: RequestContext): string => {
    const deployment = requestedModel(ctx, '');
    return options.deployments?.[deployment] ?? deployment;
  };

  const responses = new ResponsesState();
  /** A stored response by id, under OpenAI's paths or Azure's v1 API's. */
  const byId = (prefix: string, extra: Partial<Route>): Route[] =>
    (['GET', 'DELETE', 'POST'] as const).map((method) => ({
      method,
      pattern: new RegExp(`^${prefix}/responses/(?<id>[^/]+)${method === 'POST' ? '/(?<call>cancel)' : method === 'GET' ? '(?:/(?<call>input_items))?' : ''}$`),
      modelCall: false,
      ...extra,
      validate: (ctx) => responses.checkById(ctx.params.id ?? '', ctx.params.call, method === 'GET' && ctx.recorded.query.stream === 'true'),
      render: (ctx) =>
        method === 'GET' && ctx.params.call === undefined && ctx.recorded.query.stream === 'true'
          ? responses.streamById(ctx.params.id ?? '', Number(ctx.recorded.query.starting_after ?? -1))
          : { type: 'json', body: responses.answerById(method, ctx.params.id ?? '', ctx.params.call) },
    }));
  const routes: Route[] = [
    ...byId('/v1', {}),
    {
      method: 'POST',
      pattern: /^\/v1\/responses$/,
      modelCall: true,
      validate: (ctx) => responses.validate(ctx.recorded.body),
      render: (ctx, b) => renderResponses(ctx, b, responses, requestedModel(ctx, '')),
    },
    {
      method: 'POST',
      pattern: /^\/v1\/chat\/completions$/,
      modelCall: true,
      validate: (ctx) => validateChat(ctx.recorded.body, true),
      render: (ctx, b) => renderChat(ctx, b, { model: requestedModel(ctx, ''), azure: false }),
    },
    {
      method: 'POST',
      pattern: /^\/v1\/completions$/,
      modelCall: true,
      validate: (ctx) => validateCompletion(ctx.recorded.body),
      render: (ctx, b) => renderCompletion(ctx, b, requestedModel(ctx, '')),
    },
    {
      method: 'POST',
      pattern: /^\/v1\/embeddings$/,
      modelCall: true,
      validate: (ctx) => validateEmbeddings(ctx.recorded.body, true),
      render: (ctx, b) => renderEmbeddings(ctx, b, requestedModel(ctx, '')),
    },
    {
      method: 'GET',
      pattern: /^\/v1\/models$/,
      modelCall: false,
      render: () => ({
        type: 'json',
        body: {
          object: 'list',
          data: models.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'openai' })),
        },
      }),
    },
    {
      method: 'POST',
      pattern: /^\/openai\/deployments\/(?<deployment>[^/]+)\/chat\/completions$/,
      modelCall: true,
      ...azure,
      validate: (ctx) => validateChat(ctx.recorded.body, false, { model: deploymentModel(ctx), apiVersion: ctx.query.get('api-version') ?? undefined }),
      render: (ctx, b) => renderChat(ctx, b, { model: deploymentModel(ctx), azure: true }),
    },
    {
      method: 'POST',
      pattern: /^\/openai\/deployments\/(?<deployment>[^/]+)\/completions$/,
      modelCall: true,
      ...azure,
      validate: (ctx) => validateCompletion({ model: deploymentModel(ctx), ...(isRecord(ctx.recorded.body) ? ctx.recorded.body : {}) }),
      render: (ctx, b) => renderCompletion(ctx, b, deploymentModel(ctx)),
    },
    {
      method: 'POST',
      pattern: /^\/openai\/deployments\/(?<deployment>[^/]+)\/embeddings$/,
      modelCall: true,
      ...azure,
      validate: (ctx) => validateEmbeddings(ctx.recorded.body, false),
      render: (ctx, b) => renderEmbeddings(ctx, b, deploymentModel(ctx)),
    },
    ...byId('/openai/v1', azureV1),
    {
      method: 'POST',
      pattern: /^\/openai\/v1\/responses$/,
      modelCall: true,
      ...azureV1,
      validate: (ctx) => responses.validate(ctx.recorded.body),
      render: (ctx, b) => renderResponses(ctx, b, responses, bodyDeployment(ctx)),
    },
    {
      method: 'POST',
      pattern: /^\/openai\/v1\/chat\/completions$/,
      modelCall: true,
      ...azureV1,
      validate: (ctx) => validateChat(ctx.recorded.body, true, { model: bodyDeployment(ctx) }),
      render: (ctx, b) => renderChat(ctx, b, { model: bodyDeployment(ctx), azure: true }),
    },
    {
      method: 'POST',
      pattern: /^\/openai\/v1\/embeddings$/,
      modelCall: true,
      ...azureV1,
      validate: (ctx) => validateEmbeddings(ctx.recorded.body, true),
      render: (ctx, b) => renderEmbeddings(ctx, b, bodyDeployment(ctx)),
    },
    {
      method: 'GET',
      pattern: /^\/openai\/v1\/models$/,
      modelCall: false,
      ...azureV1,
      render: () => ({ type: 'json', body: { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 1_700_000_000 })) } }),
    },
  ];

  const spec: ProviderSpec = {
    routes,
    jsonContentType: 'application/json',
    authenticate: (ctx) => openAIAuth(ctx, options.apiKey),
    malformedJson: () => openAIError(400, MALFORMED_JSON_MESSAGE),
    notFound: (ctx) => openAIError(404, `Invalid URL (${ctx.recorded.method} ${ctx.recorded.path})`),
    renderError: renderOpenAIError,
    responseHeaders: () => ({ 'x-request-id': `req_${randomUUID().replaceAll('-', '')}`, 'openai-processing-ms': '1' }),
  };
  return startFakeServer(spec, options);
}
