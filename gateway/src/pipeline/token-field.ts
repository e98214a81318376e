import { GatewayError } from '../errors/gateway-error';

/** The two names OpenAI-shaped servers give the output limit. */
export type TokenField = 'max_tokens' | 'max_completion_tokens';

const OTHER: Record<TokenField, TokenField> = { max_tokens: 'max_completion_tokens', max_completion_tokens: 'max_tokens' };

/**
 * The field each deployment (provider name + model) turned out to take, learned from its refusal
 * of the other and kept for the life of the process. Bounded: `provider/model` pass-through lets
 * a caller name models the config does not, and only the oldest is forgotten past the bound.
 */
const learned = new Map<string, TokenField>();
const MAX_LEARNED = 1000;
const deployment = (provider: string, model: string): string => `${provider}\n${model}`;

/** The field this deployment was found to take, if it refused the other one before. */
export function learnedTokenField(provider: string, model: string): TokenField | undefined {
  // Asked on every OpenAI-shaped call; usually nothing was learned, and no key need be built.
  return learned.size === 0 ? undefined : learned.get(deployment(provider, model));
}

/**
 * `body`'s output limit moved to the field the deployment takes: set from the other field when the
 * body has only that, the other left out either way. Undefined when the body needs no change.
 */
export function tokenFieldChanges(body: Readonly<Record<string, unknown>>, field: TokenField): { set: Record<string, unknown>; drop: TokenField } | undefined {
  const other = OTHER[field];
  if (body[other] === undefined) return undefined;
  return { set: body[field] === undefined ? { [field]: body[other] } : {}, drop: other };
}

/**
 * The output-limit members to set and drop in an OpenAI-shaped body (`body`: before the target's
 * `params` go in). A limit the params force replaces the client's, whichever field either used (a
 * body with both would keep the client's once a server refuses one of them), and goes in the field
 * the deployment was found to take, else as the params spell it. Without a forced limit, as
 * tokenFieldChanges. Undefined when the body needs no change.
 */
export function limitChanges(
  body: Readonly<Record<string, unknown>>,
  params: Readonly<Record<string, unknown>> | undefined,
  learned: TokenField | undefined,
): { set: Record<string, unknown>; drop: TokenField[] } | undefined {
  const forced = params === undefined ? undefined : params.max_completion_tokens !== undefined ? 'max_completion_tokens' : params.max_tokens !== undefined ? 'max_tokens' : undefined;
  if (forced === undefined || params === undefined) {
    const tokens = learned && tokenFieldChanges(body, learned);
    return tokens ? { set: tokens.set, drop: [tokens.drop] } : undefined;
  }
  // The params name a field for this target, which says more than the client (an older SDK's max_tokens) or the format.
  const field = learned ?? forced;
  const other = OTHER[field];
  // Dropped only where it is (the body, or the params' own spelling): a drop re-serialises a native body.
  return { set: { [field]: params[forced] }, drop: body[other] !== undefined || params[other] !== undefined ? [other] : [] };
}

/**
 * The output-limit field an upstream refused, read from its error, so one attempt can be sent
 * again with the other. What servers say:
 * - o-series and GPT-5 models (OpenAI and Azure), to `max_tokens`: 400 `unsupported_parameter`,
 *   param `max_tokens`, "Unsupported parameter: 'max_tokens' is not supported with this model. Use
 *   'max_completion_tokens' instead." (microsoft/vscode-copilot-release#8065, owndev/Open-WebUI-Functions#136);
 * - Azure API versions before 2024-09-01-preview and some gpt-4o deployments, to
 *   `max_completion_tokens`: 400 "Unrecognized request argument supplied: max_completion_tokens",
 *   no param or code (openai/openai-python#1724, BerriAI/litellm#8855);
 * - older vLLM and other FastAPI servers that forbid unknown fields: 400 `extra_forbidden` at
 *   ('body', 'max_completion_tokens') (1Panel-dev/MaxKB#2912).
 */
export function refusedTokenField(error: unknown): TokenField | undefined {
  if (!(error instanceof GatewayError) || (error.status !== 400 && error.status !== 422)) return undefined;
  if (error.code === 'unsupported_parameter' && (error.param === 'max_tokens' || error.param === 'max_completion_tokens')) return error.param;
  const message = error.message;
  const named = /(?:Unsupported parameter: '|Unrecognized request argument supplied: )(max_tokens|max_completion_tokens)\b/.exec(message);
  if (named) return named[1] as TokenField;
  if (!/extra_forbidden|Extra inputs are not permitted/.test(message)) return undefined;
  // Only when it names one of the two: naming both, it says nothing about which one to send.
  const fields = new Set(message.match(/\bmax_(?:completion_)?tokens\b/g));
  return fields.size === 1 ? ([...fields][0] as TokenField) : undefined;
}

/**
 * The body sent again with the field `error` says the server refused swapped for the other, and
 * the deployment remembered as taking that one; undefined when the error is not such a refusal or
 * the body has no such field.
 */
export function bodyWithOtherTokenField(error: unknown, provider: string, model: string, body: string): string | undefined {
  const refused = refusedTokenField(error);
  if (refused === undefined) return undefined;
  const parsed = JSON.parse(body) as Record<string, unknown>;
  const field = OTHER[refused];
  const changes = tokenFieldChanges(parsed, field);
  if (changes === undefined) return undefined;
  Object.assign(parsed, changes.set);
  delete parsed[changes.drop];
  if (learned.size >= MAX_LEARNED) learned.delete(learned.keys().next().value as string);
  learned.set(deployment(provider, model), field);
  return JSON.stringify(parsed);
}
