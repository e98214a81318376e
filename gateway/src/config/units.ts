/**
 * Durations and sizes as people write them in YAML (`60s`, `512MB`), normalised to numbers
 * (milliseconds, bytes) so the rest of the gateway never parses units.
 */
import { z } from 'zod';

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/;
const durationUnits: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

const SIZE = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB)$/i;
const sizeUnits: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };

/** `250ms`, `60s`, `5m`, `1h`, `1d` → milliseconds; undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  return Math.round(Number(match[1]) * durationUnits[match[2] as string]!);
}

/** `512B`, `64KB`, `20MB`, `1GB` (binary multiples, case-insensitive) → bytes; undefined otherwise. */
export function parseByteSize(text: string): number | undefined {
  const match = SIZE.exec(text.trim());
  if (!match) return undefined;
  return Math.round(Number(match[1]) * sizeUnits[(match[2] as string).toUpperCase()]!);
}

const DURATION_HINT = 'expected a duration: a number of milliseconds or a string like 250ms, 60s, 5m, 1h or 1d';
const SIZE_HINT = 'expected a size: a number of bytes or a string like 512KB, 20MB or 1GB';

/** A duration in milliseconds (≥ 0), written as a number of ms or a string like `60s`. */
export const duration = z.union(
  [
    z.number().int().nonnegative(),
    z
      .string()
      .refine((text) => parseDuration(text) !== undefined, DURATION_HINT)
      .transform((text) => parseDuration(text) as number),
  ],
  { error: DURATION_HINT },
);

/** A timeout: like `duration` but never zero, because a zero timeout could never succeed. */
export const timeout = duration.refine((ms) => ms > 0, 'must be greater than 0');

/**
 * Bare numbers below this are refused for a request's timeouts. People used to LiteLLM write
 * seconds there (`timeout: 30`; its default is 600), and any such value read as milliseconds is
 * under a second, so every attempt would time out. A model call rarely answers that fast, so a
 * sub-second timeout is written with its unit (`500ms`), which says it is meant.
 */
export const MIN_BARE_TIMEOUT_MS = 1000;

/** `timeoutMs`, `ttftTimeoutMs`, `deadlineMs`: a `timeout`, but a bare number must be at least a second. */
export const requestTimeout = z.preprocess((input, ctx) => {
  if (typeof input === 'number' && input > 0 && input < MIN_BARE_TIMEOUT_MS) {
    ctx.addIssue({ code: 'custom', input, message: `${input} ms is too short for a timeout; write ${input}s for seconds (or ${input}ms if you mean it)` });
  }
  return input;
}, timeout);

/** A size in bytes (> 0), written as a number or a string like `512MB`. */
export const byteSize = z
  .union(
    [
      z.number().int().positive(),
      z
        .string()
        .refine((text) => parseByteSize(text) !== undefined, SIZE_HINT)
        .transform((text) => parseByteSize(text) as number),
    ],
    { error: SIZE_HINT },
  )
  .refine((bytes) => bytes > 0, 'must be greater than 0');
