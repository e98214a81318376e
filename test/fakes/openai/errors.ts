import type { JsonReply, RequestContext } from '../core/route';
import type { ErrorBehaviour } from '../core/types';

/** OpenAI's error envelope: {error:{message,type,param,code}}. */
export function openAIError(
  status: number,
  message: string,
  type = 'invalid_request_error',
  param: string | null = null,
  code: string | null = null,
): JsonReply {
  return { status, body: { error: { message, type, param, code } } };
}

function defaultType(status: number): string {
  if (status === 429) return 'requests';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

function defaultCode(status: number): string | null {
  if (status === 401) return 'invalid_api_key';
  if (status === 404) return 'model_not_found';
  if (status === 429) return 'rate_limit_exceeded';
  return null;
}

function defaultMessage(status: number): string {
  if (status === 429) return 'Rate limit reached for requests. Please try again in 1s.';
  if (status === 503) return 'The server is overloaded or not ready yet.';
  if (status >= 500) return 'The server had an error while processing your request. Sorry about that!';
  return `Fake OpenAI error ${status}`;
}

export function renderOpenAIError(_ctx: RequestContext, b: ErrorBehaviour): JsonReply {
  return openAIError(
    b.status,
    b.message ?? defaultMessage(b.status),
    b.type ?? defaultType(b.status),
    b.param ?? null,
    b.code ?? defaultCode(b.status),
  );
}

/** Azure's gateway-level errors carry only a string code and a message. */
export function azureError(status: number, message: string, code = String(status)): JsonReply {
  return { status, body: { error: { code, message } } };
}

/** What Azure says when its content filter refuses a prompt (before the model runs). */
export const AZURE_PROMPT_FILTERED_MESSAGE =
  "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry. To learn more about our content filtering policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766";

/**
 * Azure's 400 for a prompt its content filter refused, as real Azure sends it (openai/openai-python#331,
 * Gitlawb/openclaude#273): OpenAI's fields with `param: "prompt"` and `code: "content_filter"`, plus
 * `status` and an `innererror` holding the result of every category.
 */
function azureContentFilterError(b: ErrorBehaviour): JsonReply {
  const result: Record<string, unknown> = {
    hate: { filtered: false, severity: 'safe' },
    jailbreak: { filtered: false, detected: false },
    self_harm: { filtered: false, severity: 'safe' },
    sexual: { filtered: false, severity: 'safe' },
    violence: { filtered: false, severity: 'safe' },
    ...b.contentFilter,
  };
  return {
    status: b.status,
    body: {
      error: {
        message: b.message ?? AZURE_PROMPT_FILTERED_MESSAGE,
        type: null,
        param: 'prompt',
        code: 'content_filter',
        status: b.status,
        innererror: { code: 'ResponsibleAIPolicyViolation', content_filter_result: result },
      },
    },
  };
}

export function renderAzureError(_ctx: RequestContext, b: ErrorBehaviour): JsonReply {
  if (b.code === 'content_filter') return azureContentFilterError(b);
  const reply = azureError(b.status, b.message ?? defaultMessage(b.status), b.code ?? String(b.status));
  if (b.type !== undefined) (reply.body as { error: Record<string, unknown> }).error.type = b.type;
  return reply;
}

export function openAIAuth(ctx: RequestContext, apiKey: string | undefined): JsonReply | undefined {
  if (apiKey === undefined) return undefined;
  const header = ctx.req.headers.authorization;
  if (header === undefined) {
    return openAIError(
      401,
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
      'invalid_request_error',
      null,
      'invalid_api_key',
    );
  }
  const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : header;
  if (given === apiKey) return undefined;
  // Like OpenAI, show only the key's edges.
  const masked = given.length > 8 ? `${given.slice(0, 3)}*****${given.slice(-4)}` : '*****';
  return openAIError(
    401,
    `Incorrect API key provided: ${masked}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    'invalid_request_error',
    null,
    'invalid_api_key',
  );
}

/** Azure answers 404 without `api-version`, and 401 for a wrong `api-key` or Entra token. */
export function azureGate(ctx: RequestContext, apiKey: string | undefined, bearerToken?: string): JsonReply | undefined {
  if (!ctx.query.get('api-version')) return azureError(404, 'Resource not found');
  return azureKeyGate(ctx, apiKey, bearerToken);
}

/**
 * 401 for a wrong `api-key` (the v1 API needs no `api-version`). Without one, a Microsoft Entra ID
 * token in `Authorization: Bearer` is checked instead, and a wrong one is refused in the body real
 * Azure sends (Azure-Samples/azure-search-openai-demo#458, run-llama/llama_index#12484).
 */
export function azureKeyGate(ctx: RequestContext, apiKey: string | undefined, bearerToken?: string): JsonReply | undefined {
  const authorization = ctx.req.headers.authorization;
  if (ctx.req.headers['api-key'] === undefined && bearerToken !== undefined && authorization?.startsWith('Bearer ')) {
    if (authorization.slice('Bearer '.length) === bearerToken) return undefined;
    return {
      status: 401,
      body: { statusCode: 401, message: 'Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.' },
    };
  }
  if (apiKey === undefined || ctx.req.headers['api-key'] === apiKey) return undefined;
  return azureError(
    401,
    'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
  );
}

export const MALFORMED_JSON_MESSAGE =
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)";
