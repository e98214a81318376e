import { beforeEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error';
import type { ModelPrice } from '../pricing/types';
import { BUDGET_OUTPUT_TOKENS, BudgetTracker, reservedOutputTokens, type PriceSource } from './budgets';
import type { BudgetLimits } from './limit-types';

let time: number;
let config: Record<string, BudgetLimits>;
const tracker = (): BudgetTracker => new BudgetTracker({ budgets: () => config, now: () => time });

/** $10 per million input tokens, $20 per million output: 10,000 prompt tokens are $0.10, 8,192 output $0.16384. */
const price: ModelPrice = { input: 10, output: 20 };
/** The tests' candidates are their prices. */
const asIs: PriceSource<ModelPrice> = { priceOf: (candidate) => candidate };
const alice = { keyId: 'key_alice', keyName: 'alice-laptop', team: 'ml' };

beforeEach(() => {
  time = Date.parse('2026-11-20T15:30:00Z');
  config = {};
});

function refusal(run: () => unknown): GatewayError {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected the budget to refuse');
}

describe('BudgetTracker reservations', () => {
  it('refuses the parallel calls a budget has no room for, saying calls in flight hold it', () => {
    config = { global: { dailyUsd: 1 } };
    const budgets = tracker();
    // Each call holds its prompt ($0.10) and a full output reserve ($0.16384): three fit in $1.
    const held = [1, 2, 3].map(() => budgets.reserve({}, asIs, price, 10_000, BUDGET_OUTPUT_TOKENS));
    expect(budgets.reservedUsd('global')).toBeCloseTo(0.79152, 9);
    // The fourth's prompt fits in the $0.20848 left; its output gets only what is left.
    held.push(budgets.reserve({}, asIs, price, 10_000, BUDGET_OUTPUT_TOKENS));
    expect(budgets.reservedUsd('global')).toBeCloseTo(1, 9);
    const error = refusal(() => budgets.reserve({}, asIs, price, 10_000, BUDGET_OUTPUT_TOKENS));
    expect(error).toMatchObject({ status: 429, code: 'budget_exceeded', retryable: true, retryAfterSeconds: 1 });
    expect(error.headers).toBeUndefined();
    expect(error.message).toBe(
      "Daily budget of $1.00 for the whole gateway is held by calls in flight: $1.00 of the $1.00 left is reserved for them, and this call's prompt is expected to cost $0.10. Try again when one finishes.",
    );
    // One call settling for less than it held makes room for the next.
    held[0]!.release();
    budgets.record({ keyId: null, costUsd: 0.05 });
    budgets.reserve({}, asIs, price, 10_000, BUDGET_OUTPUT_TOKENS)!.release();
    for (const hold of held) hold?.release();
    expect(budgets.reservedUsd('global')).toBe(0);
    expect(budgets.reservedScopes()).toEqual([]);
  });

  it('returns to exactly zero whatever the amounts, and a second release takes nothing from other calls', () => {
    config = { global: { monthlyUsd: 100 }, 'team:ml': { dailyUsd: 50 } };
    const budgets = tracker();
    const odd: ModelPrice = { input: 0.15, output: 0.6 };
    const holds = [17, 333, 4_099, 12_345].map((tokens) => budgets.reserve(alice, asIs, odd, tokens, tokens % 700)!);
    const other = budgets.reserve(alice, asIs, odd, 1_000, 1_000)!;
    for (const hold of holds) {
      hold.release();
      hold.release();
    }
    expect(budgets.reservedUsd('global')).toBeCloseTo((1_000 * 0.15 + 1_000 * 0.6) / 1e6, 12);
    other.release();
    expect(budgets.reservedScopes()).toEqual([]);
  });

  it('refuses a prompt that does not fit in what is left even with nothing in flight, until the reset', () => {
    config = { 'key:key_alice': { dailyUsd: 1 } };
    const budgets = tracker();
    budgets.record({ ...alice, costUsd: 0.95 });
    const error = refusal(() => budgets.reserve(alice, asIs, price, 10_000, 0));
    expect(error).toMatchObject({ status: 429, code: 'budget_exceeded', retryable: false });
    expect(error.headers).toEqual({ 'x-should-retry': 'false' });
    expect(error.message).toBe("Daily budget of $1.00 for key 'alice-laptop' has $0.05 left, less than this call's prompt is expected to cost ($0.10); it resets 2026-11-21T00:00:00Z");
    // A smaller prompt fits, with the rest of the room for its output.
    budgets.reserve(alice, asIs, price, 1_000, BUDGET_OUTPUT_TOKENS)!.release();
  });

  it('says a budget is used up, as before, when spend alone has reached it', () => {
    config = { global: { dailyUsd: 1 } };
    const budgets = tracker();
    budgets.reserve({}, asIs, price, 10_000, BUDGET_OUTPUT_TOKENS);
    budgets.record({ keyId: null, costUsd: 1.2 });
    expect(refusal(() => budgets.reserve({}, asIs, price, 10, 0)).message).toBe('Daily budget of $1.00 for the whole gateway is used up ($1.20 spent); it resets 2026-11-21T00:00:00Z');
    // Even an unpriced call: the budget is spent.
    expect(refusal(() => budgets.reserve({}, asIs, undefined, 10, 0)).code).toBe('budget_exceeded');
  });

  it('lets an unpriced call through while calls in flight hold the room, and holds nothing for it', () => {
    config = { global: { dailyUsd: 0.2 } };
    const budgets = tracker();
    const hold = budgets.reserve({}, asIs, price, 10_000, BUDGET_OUTPUT_TOKENS)!;
    expect(refusal(() => budgets.reserve({}, asIs, price, 10_000, 0)).retryable).toBe(true);
    expect(budgets.reserve({}, asIs, undefined, 10_000, BUDGET_OUTPUT_TOKENS)).toBeUndefined();
    hold.release();
    expect(budgets.reservedUsd('global')).toBe(0);
  });

  it('holds against the key, its team and the gateway at once, and the tightest refuses', () => {
    config = { global: { monthlyUsd: 100 }, 'team:ml': { weeklyUsd: 0.5 } };
    const budgets = tracker();
    const key = { ...alice, keyBudget: { dailyUsd: 10 } };
    const first = budgets.reserve(key, asIs, price, 10_000, BUDGET_OUTPUT_TOKENS)!;
    for (const scope of ['global', 'key:key_alice', 'team:ml']) expect(budgets.reservedUsd(scope)).toBeCloseTo(0.26384, 9);
    budgets.reserve(key, asIs, price, 10_000, BUDGET_OUTPUT_TOKENS);
    // The team's week has $0.50: the second call's output got the $0.13616 left after its prompt.
    expect(budgets.reservedUsd('team:ml')).toBeCloseTo(0.5, 9);
    expect(refusal(() => budgets.reserve(key, asIs, price, 10_000, 0)).message).toContain("Weekly budget of $0.50 for team 'ml' is held by calls in flight");
    // Another team's key is not held up by team ml's calls.
    budgets.reserve({ keyId: 'key_bob', team: 'web' }, asIs, price, 10_000, 0)!.release();
    first.release();
    expect(budgets.reservedUsd('key:key_alice')).toBeCloseTo(0.23616, 9);
  });

  it('holds nothing where no budget applies', () => {
    config = { 'team:ml': { dailyUsd: 1 } };
    const budgets = tracker();
    expect(budgets.reserve({ keyId: 'key_carol', team: 'web' }, asIs, price, 10_000, 100)).toBeUndefined();
    config = { global: { alertAt: 0.5 } };
    expect(budgets.reserve({}, asIs, price, 10_000, 100)).toBeUndefined();
    expect(budgets.reservedScopes()).toEqual([]);
  });
});

describe('reservedOutputTokens', () => {
  it("reserves max_tokens up to 8,192, and 8,192 for a call that sets none", () => {
    expect(reservedOutputTokens(500, price)).toBe(500);
    expect(reservedOutputTokens(32_000, price)).toBe(8192);
    expect(reservedOutputTokens(undefined, undefined)).toBe(8192);
  });

  it("never more than the model's own output limit", () => {
    expect(reservedOutputTokens(undefined, { ...price, maxOutputTokens: 4096 })).toBe(4096);
    expect(reservedOutputTokens(32_000, { ...price, maxOutputTokens: 64_000 })).toBe(8192);
  });
});
