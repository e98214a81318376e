/**
 * What the admin API accepts to create, change and rotate gateway keys. The KeyStore parses
 * its input with these too, so a bad value is refused the same way wherever it comes from.
 */
import { z } from 'zod';
import { limitsSchema } from '../config/schema';
import { duration } from '../config/units';
import { invalidRequest } from '../errors/gateway-error';

/** User and team names also appear in config keys (`team:ml`), so they stay simple. */
const label = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$/, 'use 1 to 64 letters, digits, ".", "_", "@", "+" or "-", starting with a letter or digit');
const keyName = z.string().trim().min(1, 'a key needs a name').max(100);
const routeList = z.array(z.string().min(1).max(200)).min(1, 'list at least one route, or leave allowedRoutes out for all routes').max(500);
/** Unix ms, or an ISO 8601 instant with a zone (`2026-12-31T23:59:59Z`). */
const instant = z.union([z.number().int().positive(), z.iso.datetime({ offset: true }).transform((text) => Date.parse(text))], {
  error: 'expected Unix milliseconds or an ISO 8601 date-time with a time zone',
});

const MAX_GRACE_MS = 7 * 86_400_000;

export const keyLimitsSchema = limitsSchema;

export const keyBudgetSchema = z.strictObject({
  hourlyUsd: z.number().positive().optional(),
  dailyUsd: z.number().positive().optional(),
  weeklyUsd: z.number().positive().optional(),
  monthlyUsd: z.number().positive().optional(),
  alertAt: z.number().gt(0).lte(1).optional(),
});

export const keyCreateSchema = z.strictObject({
  name: keyName,
  user: label.optional(),
  team: label.optional(),
  tier: label.optional(),
  /** Route names the key may call; leave out for every route. */
  allowedRoutes: routeList.optional(),
  limits: keyLimitsSchema.optional(),
  budget: keyBudgetSchema.optional(),
  expiresAt: instant.optional(),
});

/** A partial change: a field left out stays as it is, `null` clears it; objects are replaced whole. */
export const keyUpdateSchema = z.strictObject({
  name: keyName.optional(),
  user: label.nullable().optional(),
  team: label.nullable().optional(),
  tier: label.nullable().optional(),
  allowedRoutes: routeList.nullable().optional(),
  limits: keyLimitsSchema.nullable().optional(),
  budget: keyBudgetSchema.nullable().optional(),
  expiresAt: instant.nullable().optional(),
});

export const keyRotateSchema = z.strictObject({
  /** How long the old plaintext keeps working (`10m`, or ms); 0, the default, ends it at once. */
  graceMs: duration.refine((ms) => ms <= MAX_GRACE_MS, 'a grace period can last at most 7 days').optional(),
});

export type KeyCreateInput = z.input<typeof keyCreateSchema>;
export type KeyUpdateInput = z.input<typeof keyUpdateSchema>;
export type KeyRotateInput = z.input<typeof keyRotateSchema>;

/** Parses admin input, turning the first problem into a 400 that names the field (never the value). */
export function parseKeyInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  throw invalidRequest(`Invalid gateway key settings${path ? ` at ${path}` : ''}: ${issue?.message ?? 'not valid'}`, path || undefined, 'invalid_key_settings');
}
