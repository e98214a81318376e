import { startFakeServer } from './core/fake-server';
import type { ProviderSpec } from './core/route';
import type { CommonFakeOptions, FakeProvider } from './core/types';
import { anthropicAuth, anthropicError, renderAnthropicError } from './anthropic/errors';
import { renderCountTokens, renderMessage } from './anthropic/messages';
import { validateMessages } from './anthropic/validate';

export interface FakeAnthropicOptions extends CommonFakeOptions {
  /** Ids listed by GET /v1/models. */
  models?: string[];
}

const DEFAULT_MODELS = ['claude-sonnet-4-6', 'claude-haiku-4-5', 'claude-opus-4-7'];

/** A fake Anthropic Messages API; baseUrl = fake.url (the SDK appends /v1/messages). */
export function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeProvider> {
  const models = options.models ?? DEFAULT_MODELS;
  const spec: ProviderSpec = {
    jsonContentType: 'application/json',
    authenticate: (ctx) => anthropicAuth(ctx, options.apiKey),
    malformedJson: (ctx) =>
      anthropicError(400, 'invalid_request_error', 'There was an error parsing the body of your request as JSON.', ctx),
    notFound: (ctx) => anthropicError(404, 'not_found_error', 'Not Found', ctx),
    renderError: renderAnthropicError,
    responseHeaders: (ctx) => ({ 'request-id': `req_fake${ctx.seq}` }),
    routes: [
      {
        method: 'POST',
        pattern: /^\/v1\/messages$/,
        modelCall: true,
        validate: (ctx) => validateMessages(ctx, false),
        render: renderMessage,
      },
      {
        method: 'POST',
        pattern: /^\/v1\/messages\/count_tokens$/,
        modelCall: true,
        validate: (ctx) => validateMessages(ctx, true),
        render: renderCountTokens,
      },
      {
        method: 'GET',
        pattern: /^\/v1\/models$/,
        modelCall: false,
        render: () => ({
          type: 'json',
          body: {
            data: models.map((id) => ({ type: 'model', id, display_name: id, created_at: '2025-01-01T00:00:00Z' })),
            has_more: false,
            first_id: models[0] ?? null,
            last_id: models.at(-1) ?? null,
          },
        }),
      },
    ],
  };
  return startFakeServer(spec, options);
}
