/**
 * The message protocol between the Electron main process and the gateway's utility process.
 * Both ends validate what they receive with these schemas: the two sides are bundled from one
 * source tree, but a message is still an edge, and a stale or garbled one must be refused rather
 * than half-applied. This module has no runtime imports besides zod and the gateway's
 * import-free shutdown timings, so main can import it without pulling the gateway (and SQLite)
 * into its bundle.
 */
import { z } from 'zod';
import { SHUTDOWN_AFTER_GRACE_MS } from '../../gateway/src/server/shutdown-timing';
import type { BreakerDto, BudgetStatusDto } from '../../gateway/src/admin/api-types';

/** How long main waits for `flushed` after `shutdown` before it kills the process. */
export const SHUTDOWN_FLUSH_TIMEOUT_MS = 8_000;

/**
 * The longest the process lets in-flight calls run on `shutdown`. Below the flush timeout by
 * what the gateway takes past its grace (streams cut get their error event, the calls cut their
 * rows) and a second for the store to flush and close, so `flushed` is sent in time.
 */
export const SHUTDOWN_DRAIN_MS = SHUTDOWN_FLUSH_TIMEOUT_MS - SHUTDOWN_AFTER_GRACE_MS - 1_000;

const port = z.number().int().min(0).max(65_535);
const loopbackHttpUrl = z
  .string()
  .max(200)
  .refine((value) => URL.canParse(value) && new URL(value).protocol === 'http:', { message: 'must be an http URL' });

/** What main tells the utility process about where the gateway lives. */
export const gatewayStartOptionsSchema = z.strictObject({
  configPath: z.string().min(1),
  dataDir: z.string().min(1),
  /** The renderer's origin, so the gateway accepts the desktop window's CORS requests. */
  allowedOrigins: z.array(z.string().min(1)).max(8),
  /** Try this port first (the one used before a restart) instead of the config's `server.port`. */
  preferredPort: port.optional(),
});
export type GatewayStartOptions = z.infer<typeof gatewayStartOptionsSchema>;

/** main → utility process. */
export const parentMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('start'), options: gatewayStartOptionsSchema }),
  z.strictObject({ type: z.literal('pause') }),
  z.strictObject({ type: z.literal('resume') }),
  z.strictObject({ type: z.literal('shutdown') }),
]);
export type ParentMessage = z.infer<typeof parentMessageSchema>;

// Plain objects (unknown keys stripped): the gateway may add fields without breaking the shell.
const breakerSchema = z.object({
  target: z.string(),
  state: z.enum(['closed', 'open', 'half-open']),
  failures: z.number(),
  openedAt: z.number().nullable(),
  nextProbeAt: z.number().nullable(),
}) satisfies z.ZodType<BreakerDto>;

const budgetSchema = z.object({
  scope: z.string(),
  period: z.enum(['hour', 'day', 'week', 'month']),
  limitUsd: z.number(),
  spentUsd: z.number(),
  resetsAt: z.number(),
  alertAt: z.number(),
}) satisfies z.ZodType<BudgetStatusDto>;

/** The gateway events the shell reacts to (notifications); everything else stays in the process. */
export const forwardedEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('breaker.changed'), breaker: breakerSchema }),
  z.strictObject({ type: z.literal('budget.alert'), budget: budgetSchema, threshold: z.number() }),
  // A hand edit of the file refused: with the window closed, nothing else would tell the user.
  // Its issues stay behind (the window's settings page lists them).
  z.object({ type: z.literal('config.rejected'), message: z.string().transform((text) => text.slice(0, 2_000)) }),
]);
export type ForwardedEvent = z.infer<typeof forwardedEventSchema>;

/** Requests and spend so far on one UTC day (the day the gateway's spend rollup uses). */
export const dailyStatsSchema = z.strictObject({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  requests: z.number().int().min(0),
  costUsd: z.number().min(0),
});
export type DailyStats = z.infer<typeof dailyStatsSchema>;

const listening = { url: loopbackHttpUrl, port, adminToken: z.string().min(1).max(200) };

/** utility process → main. */
export const childMessageSchema = z.discriminatedUnion('type', [
  /** The gateway serves requests (after start or resume). */
  z.strictObject({ type: z.literal('ready'), ...listening }),
  /** Inference answers 503 "paused" until resumed; health, the admin API and the UI keep working. */
  z.strictObject({ type: z.literal('paused'), ...listening }),
  /** Start or resume failed; the process stays up and waits for another command. */
  z.strictObject({ type: z.literal('failed'), message: z.string().max(2_000) }),
  z.strictObject({ type: z.literal('stats'), stats: dailyStatsSchema }),
  z.strictObject({ type: z.literal('event'), event: forwardedEventSchema }),
  /** Reply to `shutdown`: the gateway is closed and its log is on disk. */
  z.strictObject({ type: z.literal('flushed') }),
]);
export type ChildMessage = z.infer<typeof childMessageSchema>;

/** Parses a message received from main; undefined when it is not one the protocol knows. */
export function parseParentMessage(data: unknown): ParentMessage | undefined {
  const parsed = parentMessageSchema.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}

/** Parses a message received from the utility process; undefined when it is not one the protocol knows. */
export function parseChildMessage(data: unknown): ChildMessage | undefined {
  const parsed = childMessageSchema.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}
