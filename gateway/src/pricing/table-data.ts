/**
 * The shape of resources/pricing.json, validated once when a table is built so a typo in the
 * data fails loudly at startup (and in the data test) instead of pricing requests at $0.
 */
import { z } from 'zod';

const usdPerMillion = z.number().nonnegative();
const tokenCount = z.number().int().positive();

const longContextSchema = z.strictObject({
  aboveInputTokens: tokenCount,
  input: usdPerMillion,
  output: usdPerMillion,
  cachedInput: usdPerMillion.optional(),
  cacheWrite: usdPerMillion.optional(),
  cacheWrite1h: usdPerMillion.optional(),
});

export const modelPriceSchema = z.strictObject({
  input: usdPerMillion,
  output: usdPerMillion,
  cachedInput: usdPerMillion.optional(),
  cacheWrite: usdPerMillion.optional(),
  cacheWrite1h: usdPerMillion.optional(),
  /** USD per 1,000 searches. */
  webSearchPer1k: z.number().nonnegative().optional(),
  longContext: longContextSchema.optional(),
  contextWindow: tokenCount.optional(),
  maxInputTokens: tokenCount.optional(),
  maxOutputTokens: tokenCount.optional(),
  mode: z.enum(['chat', 'embedding']).optional(),
});

/** `<namespace>/<model>`, lower case, as the table keys its entries. */
const tableKey = z.string().regex(/^[a-z]+\/[a-z0-9][a-z0-9._/-]*$/, 'keys are "<namespace>/<model>" in lower case');

export const priceTableSchema = z
  .strictObject({
    /** The date the prices were checked, YYYY-MM-DD. */
    version: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    unit: z.literal('USD per 1M tokens'),
    /** Other names of listed models: `"anthropic/claude-sonnet-4-0": "anthropic/claude-sonnet-4"`. */
    aliases: z.record(tableKey, tableKey).default({}),
    models: z.record(tableKey, modelPriceSchema),
  })
  .superRefine((table, ctx) => {
    for (const [alias, target] of Object.entries(table.aliases)) {
      if (!(target in table.models)) ctx.addIssue({ code: 'custom', message: `alias target "${target}" is not a listed model`, path: ['aliases', alias] });
      if (alias in table.models) ctx.addIssue({ code: 'custom', message: `alias "${alias}" hides a listed model`, path: ['aliases', alias] });
    }
  });

export type PriceTableData = z.infer<typeof priceTableSchema>;

/** Validates price-table JSON; throws an Error listing every problem. */
export function parsePriceTable(data: unknown): PriceTableData {
  const result = priceTableSchema.safeParse(data);
  if (!result.success) throw new Error(`Invalid price table:\n${z.prettifyError(result.error)}`);
  return result.data;
}
