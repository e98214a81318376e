/**
 * The config file's schema: the user-facing contract documented key by key in docs/config.md.
 * Everything is validated here at the edge; the rest of the gateway trusts these types.
 */
import { z } from 'zod';

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/;
const durationUnits: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A duration in milliseconds, written as a number of ms or a string like `60s`, `5m`, `250ms`. */
export const duration = z.union([
  z.number().int().nonnegative(),
  z.string().trim().regex(DURATION, 'expected a duration like 250ms, 60s, 5m, 1h or 1d').transform((text) => {
    const [, amount, unit] = DURATION.exec(text) as RegExpExecArray;
    return Math.round(Number(amount) * durationUnits[unit as string]!);
  }),
]);

const SIZE = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB)$/i;
const sizeUnits: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };

/** A size in bytes, written as a number or a string like `512MB`. */
export const byteSize = z.union([
  z.number().int().positive(),
  z.string().trim().regex(SIZE, 'expected a size like 512KB, 20MB or 1GB').transform((text) => {
    const [, amount, unit] = SIZE.exec(text) as RegExpExecArray;
    return Math.round(Number(amount) * sizeUnits[(unit as string).toUpperCase()]!);
  }),
]);

const httpStatus = z.number().int().min(100).max(599);
const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits, ".", "_" and "-"');

/** Prices in USD per million tokens. */
export const priceSchema = z.strictObject({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  cachedInput: z.number().nonnegative().optional(),
  cacheWrite: z.number().nonnegative().optional(),
});

export const providerTypes = ['openai', 'anthropic', 'gemini', 'azure', 'openai-compatible'] as const;

export const providerSchema = z
  .strictObject({
    type: z.enum(providerTypes),
    /** Name of a secret in the SecretStore (the OS keychain). */
    credential: z.string().min(1).optional(),
    /** `env:VAR` — read the key from the environment. Literal keys are refused. */
    apiKey: z
      .string()
      .regex(/^env:[A-Za-z_][A-Za-z0-9_]*$/, 'must be an env reference like env:OPENAI_API_KEY; store literal keys with `credential` instead')
      .optional(),
    preset: z.string().optional(),
    baseUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    timeoutMs: z.number().int().positive().optional(),
    /** Extra headers sent upstream on every call. */
    headers: z.record(z.string(), z.string()).optional(),
    /** Azure OpenAI `api-version`. */
    apiVersion: z.string().optional(),
    /** Price overrides per model name. */
    prices: z.record(z.string(), priceSchema).optional(),
    /** Models to list in GET /v1/models besides those routes use. */
    models: z.array(z.string()).optional(),
  })
  .superRefine((provider, ctx) => {
    if (provider.credential && provider.apiKey) {
      ctx.addIssue({ code: 'custom', message: 'set either credential or apiKey, not both', path: ['apiKey'] });
    }
  });

export const retrySchema = z.strictObject({
  attempts: z.number().int().min(0).max(10).default(0),
  backoffMs: z.number().int().nonnegative().default(250),
  maxBackoffMs: z.number().int().positive().default(10_000),
  on: z.array(httpStatus).default([429, 500, 502, 503, 504]),
});

export const breakerSchema = z.strictObject({
  failures: z.number().int().positive().default(5),
  failureRate: z.number().gt(0).lte(1).optional(),
  minRequests: z.number().int().positive().default(10),
  windowMs: duration.default(60_000),
  cooldownMs: duration.default(30_000),
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
  weight: z.number().positive().optional(),
  timeoutMs: z.number().int().positive().optional(),
  price: priceSchema.optional(),
  /** Parameters forced onto the request for this target (e.g. temperature). */
  params: z.record(z.string(), z.unknown()).optional(),
});

export type ProviderTarget = z.infer<typeof providerTargetSchema>;

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

export interface RouteConfig {
  strategy: 'single' | 'fallback' | 'loadbalance' | 'conditional' | 'lowest-latency' | 'lowest-cost';
  targets: TargetConfig[];
  rules?: Array<{ when: Condition; route?: string; target?: ProviderTarget }>;
  default?: string;
  retry?: z.infer<typeof retrySchema>;
  fallbackOn?: number[];
  breaker?: z.infer<typeof breakerSchema>;
  timeoutMs?: number;
  ttftTimeoutMs?: number;
  deadlineMs?: number;
  cache?: z.infer<typeof routeCacheSchema>;
  limits?: z.infer<typeof limitsSchema>;
  guardrails?: { pii: z.infer<typeof guardrailMode> };
  weight?: number;
}
export type TargetConfig = ProviderTarget | { route: string; weight?: number } | (RouteConfig & { weight?: number });

export const routeSchema: z.ZodType<RouteConfig, unknown> = z.lazy(() =>
  z.strictObject({
    strategy: z.enum(['single', 'fallback', 'loadbalance', 'conditional', 'lowest-latency', 'lowest-cost']).default('fallback'),
    targets: z.array(targetSchema).default([]),
    rules: z
      .array(z.strictObject({ when: conditionSchema, route: z.string().optional(), target: providerTargetSchema.optional() }))
      .optional(),
    default: z.string().optional(),
    retry: retrySchema.optional(),
    fallbackOn: z.array(httpStatus).optional(),
    breaker: breakerSchema.optional(),
    timeoutMs: duration.optional(),
    ttftTimeoutMs: duration.optional(),
    deadlineMs: duration.optional(),
    cache: routeCacheSchema.optional(),
    limits: limitsSchema.optional(),
    guardrails: z.strictObject({ pii: guardrailMode }).optional(),
    weight: z.number().positive().optional(),
  }),
);

const targetSchema: z.ZodType<TargetConfig, unknown> = z.lazy(() =>
  z.union([providerTargetSchema, z.strictObject({ route: name, weight: z.number().positive().optional() }), routeSchema]),
);

export const serverSchema = z.strictObject({
  port: z.number().int().min(0).max(65535).default(4000),
  host: z.string().default('127.0.0.1'),
  auth: z.enum(['required', 'open-on-loopback']).default('required'),
  logBodies: z.boolean().default(false),
  /** Cap on each stored body when logBodies is on. */
  maxLoggedBodyBytes: byteSize.default(64 * 1024),
  maxBodyBytes: byteSize.default(20 * 1024 * 1024),
  /** Extra Host names accepted besides loopback names and `host`. */
  allowedHosts: z.array(z.string()).default([]),
  /** Browser origins allowed to call the gateway besides its own. */
  allowedOrigins: z.array(z.string()).default([]),
  /** How long shutdown waits for in-flight requests and streams. */
  shutdownGraceMs: duration.default(10_000),
});

export const configSchema = z.strictObject({
  server: serverSchema.default(serverSchema.parse({})),
  providers: z.record(name, providerSchema).default({}),
  routes: z.record(z.string().min(1), routeSchema).default({}),
  cache: z
    .strictObject({
      maxBytes: byteSize.default(512 * 1024 * 1024),
      semantic: z.strictObject({ embeddingRoute: z.string(), threshold: z.number().gt(0).lte(1).default(0.92) }).optional(),
    })
    .optional(),
  budgets: z
    .record(
      z.string(),
      z.strictObject({
        dailyUsd: z.number().positive().optional(),
        weeklyUsd: z.number().positive().optional(),
        monthlyUsd: z.number().positive().optional(),
        alertAt: z.number().gt(0).lte(1).default(0.8),
      }),
    )
    .optional(),
  guardrails: z
    .strictObject({
      pii: z
        .strictObject({
          detectors: z.array(z.string()).optional(),
          custom: z.array(z.strictObject({ name: z.string(), pattern: z.string() })).optional(),
        })
        .optional(),
    })
    .optional(),
});

export type Config = z.infer<typeof configSchema>;
export type ProviderConfig = z.infer<typeof providerSchema>;
export type ServerConfig = z.infer<typeof serverSchema>;
export type Price = z.infer<typeof priceSchema>;
export type ProviderType = (typeof providerTypes)[number];
