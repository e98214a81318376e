/**
 * The config file's schema: the user-facing contract documented key by key in docs/config.md.
 * Everything is validated here at the edge; the rest of the gateway trusts these types.
 * Cross-references (a target naming a provider, route cycles, …) are checked in semantic.ts.
 */
import { z } from 'zod';
import { looksLikeKey } from '../guardrails/detectors/secrets';
import { secretEnvName } from '../secrets/env-secret-store';
import { CREDENTIAL_PREFIX, carriesCredential, headerReference, isEnvVariable, schemeToken } from '../secrets/header-secrets';
import { SECRET_NAME, isSecretName } from '../secrets/secret-name';
import { findPreset } from './presets';
import { byteSize, duration, requestTimeout, timeout } from './units';

export { byteSize, duration, requestTimeout, timeout } from './units';

const httpStatus = z.number().int().min(100).max(599);
/** What `fallbackOn` lists: HTTP statuses, and `content_filter` (a provider's content filter refused the prompt). */
export const CONTENT_FILTER = 'content_filter';
export type FallbackTrigger = number | typeof CONTENT_FILTER;
const fallbackTrigger = z.union([httpStatus, z.literal(CONTENT_FILTER)], {
  error: 'expected an HTTP status (100–599) or content_filter',
});
const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits, ".", "_" and "-" (starting with a letter or digit)');
/** Route names are model aliases, so they may hold ":" or "@", but never "/": that means provider/model. */
const routeName = z
  .string()
  .min(1)
  .refine((value) => !value.includes('/'), 'a route name cannot contain "/": the gateway reads "x/y" as provider/model');
const weight = z.number().positive();

/** Prices in USD per million tokens. */
export const priceSchema = z.strictObject({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  cachedInput: z.number().nonnegative().optional(),
  cacheWrite: z.number().nonnegative().optional(),
  cacheWrite1h: z.number().nonnegative().optional(),
});

export const providerTypes = ['openai', 'anthropic', 'gemini', 'azure', 'openai-compatible'] as const;

/** Names people give the native types, from other tools' configs and the vendors' own names. */
const providerTypeAliases: Record<string, (typeof providerTypes)[number]> = { google: 'gemini', 'google-ai': 'gemini', 'azure-openai': 'azure', claude: 'anthropic' };

/**
 * The message for an unknown provider type, or undefined for the generic one (which suggests the
 * nearest spelling). `type: groq` is the commonest slip: groq is a preset of openai-compatible.
 * Only a preset id or a type is named, never the value itself.
 */
function providerTypeError(input: unknown): string | undefined {
  if (typeof input !== 'string') return undefined;
  const normalised = input.trim().toLowerCase().replace(/_/g, '-');
  const preset = findPreset(normalised);
  if (preset) return `${preset.id} is a preset: use type: openai-compatible, preset: ${preset.id}`;
  const meant = providerTypeAliases[normalised];
  return meant === undefined ? undefined : `expected one of: ${providerTypes.join(', ')} — did you mean "${meant}"?`;
}

/**
 * A credential names a stored key. A key pasted here would sit in the file, so it is refused
 * without being repeated; the advice names the provider, which only the full path knows.
 */
const credentialName = z.string().superRefine((value, ctx) => {
  if (looksLikeKey(value)) {
    ctx.addIssue({ code: 'custom', message: pastedKeyMessage([]), params: { atPath: pastedKeyMessage } });
  } else if (!SECRET_NAME.test(value)) {
    ctx.addIssue({ code: 'custom', message: 'a credential is the name of a stored secret: 1 to 64 letters, digits, ".", "_" or "-"' });
  }
});

/** `providers.<name>.credential` holding a key: where to put the key instead, under that provider's name. */
function pastedKeyMessage(path: readonly PropertyKey[]): string {
  const provider = String(path.at(-2) ?? '');
  const [name, variable] = isSecretName(provider) ? [provider, secretEnvName(provider)] : ['<name>', 'SWITCHBOARD_SECRET_<NAME>'];
  return `this is an API key, not the name of one, and keys never go in this file: store it in the UI (Providers & Keys) or in ${variable}, then write credential: ${name}`;
}

/** Headers that carry keys: a value here would be a secret in the file, which the file must never hold. */
export const credentialHeaders: ReadonlySet<string> = new Set(['authorization', 'proxy-authorization', 'x-api-key', 'api-key', 'x-goog-api-key']);

/**
 * The problem with one `headers` entry, or undefined. A value is either plain text or a reference
 * (`credential:NAME`, `env:VAR`) to a secret; a header that carries a secret, by its name or
 * because its value looks like a key, must be a reference. Messages name the header, never the value.
 */
function headerProblem(header: string, value: string): ((provider: unknown) => string) | undefined {
  if (credentialHeaders.has(header.toLowerCase())) {
    return () => `"${header}" carries a key, and keys never go in this file: use credential (keychain) or apiKey: env:VAR`;
  }
  const reference = headerReference(value);
  if (reference !== undefined && 'credential' in reference) {
    if (looksLikeKey(reference.credential)) return (provider) => `"${header}": this is a secret, not the name of one: ${storeAdvice(provider, header)}`;
    if (!SECRET_NAME.test(reference.credential)) return () => `"${header}": ${CREDENTIAL_PREFIX}NAME names a stored secret: 1 to 64 letters, digits, ".", "_" or "-"`;
    return undefined;
  }
  if (reference !== undefined) {
    return isEnvVariable(reference.env) ? undefined : () => `"${header}": env:VAR names an environment variable: letters, digits and "_", not starting with a digit`;
  }
  const token = schemeToken(value);
  if (carriesCredential(header) || looksLikeKey(value) || (token !== undefined && looksLikeKey(token))) {
    return (provider) => `"${header}" carries a secret, and secrets never go in this file: ${storeAdvice(provider, header)}`;
  }
  return undefined;
}

/** Where a header's secret goes, and the reference that reads it, under a name made from the provider's. */
function storeAdvice(provider: unknown, header: string): string {
  const suggested = typeof provider === 'string' ? `${provider}-${header}`.toLowerCase().replace(/[^a-z0-9._-]/g, '-').slice(0, 64) : '';
  const [name, variable] = isSecretName(suggested) ? [suggested, secretEnvName(suggested)] : ['<name>', 'SWITCHBOARD_SECRET_<NAME>'];
  return `store it in the UI (Providers & Keys) or in ${variable}, then write ${header}: "${CREDENTIAL_PREFIX}${name}" (or "env:VAR" to read it from the environment)`;
}


/**
 * A Microsoft Entra ID service principal (app registration) for `auth: entra`. Its client
 * secret is the provider's credential; the ids are not secrets.
 */
const entraSchema = z.strictObject({
  tenantId: z.string().min(1),
  clientId: z.string().min(1),
  /** The Entra sign-in host: https://login.microsoftonline.com, or a national cloud's (login.microsoftonline.us, login.chinacloudapi.cn). */
  authorityHost: z.url({ protocol: /^https?$/, error: 'must be an https URL, e.g. https://login.microsoftonline.com' }).optional(),
  /** What the tokens are for. Default https://cognitiveservices.azure.com/.default. */
  scope: z.string().min(1).optional(),
});
export const providerSchema = z
  .strictObject({
    type: z.enum(providerTypes, { error: (issue) => providerTypeError(issue.input) }),
    /** Name of a secret in the SecretStore (the OS keychain). */
    credential: credentialName.optional(),
    /** `env:VAR` — read the key from the environment. Literal keys are refused. */
    apiKey: z
      .string()
      .regex(/^env:[A-Za-z_][A-Za-z0-9_]*$/, 'must be an env reference like env:OPENAI_API_KEY; store literal keys with `credential` instead')
      .optional(),
    preset: z.string().min(1).optional(),
    baseUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    timeoutMs: requestTimeout.optional(),
    /** Extra headers sent upstream on every call. */
    headers: z.record(z.string().min(1), z.string()).optional(),
    /** Azure OpenAI `api-version`. */
    apiVersion: z.string().min(1).optional(),
    /**
     * Azure only: how the credential is sent. `api-key` (the default) in the `api-key` header;
     * `bearer` as `Authorization: Bearer`, for a Microsoft Entra ID access token (keyless Azure);
     * `entra`: the credential is a service principal's client secret, which the gateway trades
     * for access tokens (providers/entra-tokens.ts).
     */
    auth: z
      .enum(['api-key', 'bearer', 'entra'], {
        error: 'must be api-key (an Azure key, sent as the api-key header), bearer (a Microsoft Entra ID token, sent as Authorization: Bearer) or entra (a service principal: the gateway gets tokens with its client secret)',
      })
      .optional(),
    /** Azure with `auth: entra`: the service principal whose client secret is the credential. */
    entra: entraSchema.optional(),
    /**
     * Azure only: send the Responses API to the deployment natively, at the v1 API's
     * `/openai/v1/responses`, rather than translated to chat completions (which every
     * deployment takes; the Responses API only some models and regions).
     */
    nativeResponses: z.boolean().optional(),
    /** Price overrides per model name. */
    prices: z.record(z.string(), priceSchema).optional(),
    /** Models to list in GET /v1/models besides those routes use. */
    models: z.array(z.string().min(1)).optional(),
  })
  .superRefine((provider, ctx) => {
    if (provider.credential && provider.apiKey) {
      ctx.addIssue({ code: 'custom', message: 'set either credential or apiKey, not both', path: ['apiKey'] });
    }
    for (const [header, value] of Object.entries(provider.headers ?? {})) {
      const problem = headerProblem(header, value);
      if (problem !== undefined) {
        // The advice names a secret after the provider, which only the full path knows.
        ctx.addIssue({ code: 'custom', message: problem(undefined), path: ['headers', header], params: { atPath: (path: readonly PropertyKey[]) => problem(path.at(-3)) } });
      }
    }
  });

export const retrySchema = z.strictObject({
  attempts: z.number().int().min(0).max(10).default(0),
  backoffMs: duration.default(250),
  maxBackoffMs: timeout.default(10_000),
  on: z.array(httpStatus).default(() => [429, 500, 502, 503, 504]),
});

export const breakerSchema = z.strictObject({
  failures: z.number().int().positive().default(5),
  failureRate: z.number().gt(0).lte(1).optional(),
  minRequests: z.number().int().positive().default(10),
  windowMs: timeout.default(60_000),
  cooldownMs: timeout.default(30_000),
});

export const limitsSchema = z.strictObject({
  rpm: z.number().int().positive().optional(),
  tpm: z.number().int().positive().optional(),
  concurrent: z.number().int().positive().optional(),
});

export const routeCacheSchema = z.strictObject({
  ttl: duration.optional(),
  scope: z.enum(['global', 'key', 'user']).default('key'),
  semantic: z
    .union([z.boolean(), z.strictObject({ threshold: z.number().gt(0).lte(1).optional(), allowTools: z.boolean().optional(), maxTemperature: z.number().optional() })])
    .optional(),
});

export const guardrailMode = z.enum(['off', 'redact', 'mask', 'block', 'restore']);

export const providerTargetSchema = z.strictObject({
  provider: name,
  model: z.string().min(1),
  weight: weight.optional(),
  timeoutMs: requestTimeout.optional(),
  price: priceSchema.optional(),
  /** Parameters forced onto the request for this target (e.g. temperature). */
  params: z.record(z.string(), z.unknown()).optional(),
});

export type ProviderTarget = z.infer<typeof providerTargetSchema>;

export const routeRefSchema = z.strictObject({ route: routeName, weight: weight.optional() });
export type RouteRef = z.infer<typeof routeRefSchema>;

/** A condition in a conditional route's rule. Kept open-ended; the router validates semantics. */
export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ and: z.array(conditionSchema).min(1) }),
    z.strictObject({ or: z.array(conditionSchema).min(1) }),
    z.strictObject({ not: conditionSchema }),
    z.record(z.string(), z.unknown()),
  ]),
);
export type Condition = { and: Condition[] } | { or: Condition[] } | { not: Condition } | Record<string, unknown>;

export const strategies = ['single', 'fallback', 'loadbalance', 'conditional', 'lowest-latency', 'lowest-cost'] as const;
export type Strategy = (typeof strategies)[number];

export interface RouteRule {
  when: Condition;
  route?: string;
  target?: ProviderTarget;
}

export interface RouteConfig {
  strategy: Strategy;
  targets: TargetConfig[];
  rules?: RouteRule[];
  default?: string;
  retry?: z.infer<typeof retrySchema>;
  fallbackOn?: FallbackTrigger[];
  breaker?: z.infer<typeof breakerSchema>;
  timeoutMs?: number;
  ttftTimeoutMs?: number;
  deadlineMs?: number;
  cache?: z.infer<typeof routeCacheSchema>;
  limits?: z.infer<typeof limitsSchema>;
  guardrails?: { pii: z.infer<typeof guardrailMode> };
  weight?: number;
}
export type TargetConfig = ProviderTarget | RouteRef | RouteConfig;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The schema a target is read with: a provider model, a reference to a named route, or an inline route. */
const targetSchemaFor = (input: unknown): z.ZodType<TargetConfig, unknown> =>
  isRecord(input) && 'provider' in input ? providerTargetSchema : isRecord(input) && 'route' in input ? routeRefSchema : routeObject;

/**
 * A target is a provider model, a reference to a named route, or an inline route. The kind is
 * picked by its keys rather than by a zod union, so a mistake inside a target is reported at
 * its exact path ("targets.0.model: required") instead of as "matches no union member".
 */
const targetSchema: z.ZodType<TargetConfig, unknown> = z
  .unknown()
  .transform((input, ctx): TargetConfig => {
    const result = targetSchemaFor(input).safeParse(input);
    if (result.success) return result.data;
    for (const issue of result.error.issues) ctx.addIssue({ ...issue });
    return z.NEVER;
  })
  .describe('a target is a provider model {provider, model}, a route reference {route, weight} or an inline route {strategy, targets}');

const routeRuleSchema = z.strictObject({ when: conditionSchema, route: routeName.optional(), target: providerTargetSchema.optional() });

const routeObject = z.strictObject({
  strategy: z.enum(strategies).default('fallback'),
  targets: z.array(targetSchema).default(() => []),
  rules: z.array(routeRuleSchema).optional(),
  default: routeName.optional(),
  retry: retrySchema.optional(),
  fallbackOn: z.array(fallbackTrigger).optional(),
  breaker: breakerSchema.optional(),
  timeoutMs: requestTimeout.optional(),
  ttftTimeoutMs: requestTimeout.optional(),
  deadlineMs: requestTimeout.optional(),
  cache: routeCacheSchema.optional(),
  limits: limitsSchema.optional(),
  guardrails: z.strictObject({ pii: guardrailMode }).optional(),
  weight: weight.optional(),
});

export const routeSchema: z.ZodType<RouteConfig, unknown> = routeObject;

export const serverSchema = z.strictObject({
  port: z.number().int().min(0).max(65535).default(4000),
  host: z.string().min(1).default('127.0.0.1'),
  auth: z.enum(['required', 'open-on-loopback']).default('required'),
  logBodies: z.boolean().default(false),
  /** Cap on each stored body when logBodies is on. */
  maxLoggedBodyBytes: byteSize.default(64 * 1024),
  /** Anthropic's own limit for a Messages request: PDFs and images as base64 run large. */
  maxBodyBytes: byteSize.default(32 * 1024 * 1024),
  /** Extra Host names accepted besides loopback names and `host`. */
  allowedHosts: z.array(z.string()).default(() => []),
  /** Browser origins allowed to call the gateway besides its own. */
  allowedOrigins: z.array(z.string()).default(() => []),
  /** How long shutdown waits for in-flight requests and streams. */
  shutdownGraceMs: duration.default(10_000),
  /** Prometheus metrics at GET /metrics (admin token); counted from the moment this is on. */
  metrics: z.boolean().default(false),
  /** How long request log rows are kept (store/log-retention.ts); absent: for ever. */
  logRetention: duration.refine((ms) => ms >= 60 * 60 * 1000, 'keep the log at least 1h (e.g. 30d); leave logRetention out to keep every row').optional(),
});

const cacheSchema = z.strictObject({
  maxBytes: byteSize.default(512 * 1024 * 1024),
  semantic: z.strictObject({ embeddingRoute: routeName, threshold: z.number().gt(0).lte(1).default(0.92) }).optional(),
});

const budgetSchema = z.strictObject({
  hourlyUsd: z.number().positive().optional(),
  dailyUsd: z.number().positive().optional(),
  weeklyUsd: z.number().positive().optional(),
  monthlyUsd: z.number().positive().optional(),
  alertAt: z.number().gt(0).lte(1).default(0.8),
});

const guardrailsSchema = z.strictObject({
  pii: z
    .strictObject({
      detectors: z.array(z.string()).optional(),
      custom: z.array(z.strictObject({ name: z.string().min(1), pattern: z.string().min(1) })).optional(),
    })
    .describe('guardrails.pii takes detectors and custom; the mode is set per route (routes.<name>.guardrails: { pii: redact })')
    .optional(),
});

export const configSchema = z.strictObject({
  server: serverSchema.default(() => serverSchema.parse({})),
  providers: z.record(name, providerSchema).default(() => ({})),
  routes: z.record(routeName, routeSchema).default(() => ({})),
  cache: cacheSchema.optional(),
  /** Limits per key, user or team: `key:<id>`, `user:<name>`, `team:<name>`. */
  limits: z.record(z.string().regex(/^(key|user|team):.+$/, 'use key:<id>, user:<name> or team:<name>'), limitsSchema).optional(),
  /** Budgets: `global`, `key:<id>` or `team:<name>`. */
  budgets: z.record(z.string().regex(/^(global|key:.+|team:.+)$/, 'use global, key:<id> or team:<name>'), budgetSchema).optional(),
  guardrails: guardrailsSchema.optional(),
});

/** The keys a mapping in the file takes, and what the mapping is when its keys alone do not say. */
export interface MappingKeys {
  keys: readonly string[];
  /** Set with `.describe()` on the schema: targets, whose kind depends on their keys; guardrails.pii. */
  description?: string;
}

/**
 * The keys the mapping at `path` takes, found by walking the schema along the raw data, so an
 * unknown key is only ever compared with keys valid in that very place. A target's kind is
 * picked from its keys, as targetSchema does; of other unions the first mapping member counts.
 */
export function keysAt(data: unknown, path: readonly PropertyKey[]): MappingKeys | undefined {
  let schema: z.ZodType | undefined = configSchema;
  let value = data;
  let description: string | undefined;
  for (let index = 0; schema !== undefined; index++) {
    description = undefined;
    // Unwrap to the mapping, list or record this value is read with.
    for (;;) {
      description ??= schema.description;
      if (schema === targetSchema) schema = targetSchemaFor(value);
      else if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault || schema instanceof z.ZodNullable || schema instanceof z.ZodLazy) schema = schema.unwrap() as z.ZodType;
      else if (schema instanceof z.ZodUnion) schema = (schema.options as z.ZodType[]).find((option) => option instanceof z.ZodObject);
      else break;
      if (schema === undefined) return undefined;
    }
    if (index === path.length) return schema instanceof z.ZodObject ? { keys: Object.keys(schema.shape), description } : undefined;
    const segment = path[index] as PropertyKey;
    value = isRecord(value) || Array.isArray(value) ? (value as Record<PropertyKey, unknown>)[segment] : undefined;
    if (schema instanceof z.ZodObject) schema = (schema.shape as Record<PropertyKey, z.ZodType>)[segment];
    else if (schema instanceof z.ZodRecord) schema = schema.valueType as z.ZodType;
    else if (schema instanceof z.ZodArray) schema = schema.element as z.ZodType;
    else return undefined;
  }
  return undefined;
}

export type Config = z.infer<typeof configSchema>;
export type ProviderConfig = z.infer<typeof providerSchema>;
export type ServerConfig = z.infer<typeof serverSchema>;
export type Price = z.infer<typeof priceSchema>;
export type ProviderType = (typeof providerTypes)[number];
