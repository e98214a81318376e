/**
 * The 429 a budget refusal is. Built only when a budget refuses (the hot path compares
 * numbers), from every budget that applies, so the message names the one that matters:
 * - used up: nothing more until it resets (not retryable, `x-should-retry: false`);
 * - too little left for this call's prompt, even with nothing in flight (likewise);
 * - what is left is held by calls in flight: retryable, since a call settling for less than it
 *   reserved, or failing, gives its reservation back.
 */
import { GatewayError } from '../errors/gateway-error';
import type { BudgetPeriod } from './budget-periods';

/** One budget's state in one period. `scope` is `global`, `key:<id>` or `team:<name>`. */
export interface BudgetUsage {
  scope: string;
  /** "the whole gateway", "key 'ci-bot'", "team 'ml'". */
  subject: string;
  period: BudgetPeriod;
  limitUsd: number;
  spentUsd: number;
  alertAt: number;
  periodStart: string;
  resetsAt: string;
}

const adjective = { hourly: 'Hourly', daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly' } as const;

/**
 * The refusal for a call whose prompt is expected to cost `promptUsd`, given every budget that
 * applies and what calls in flight hold per scope; undefined when every budget has room.
 */
export function budgetRefusal(usages: readonly BudgetUsage[], inFlightUsd: (scope: string) => number, promptUsd: number, now: number): GatewayError | undefined {
  // When several are used up, name the one that resets last: that is how long the caller waits.
  const exhausted = usages.filter((usage) => usage.spentUsd >= usage.limitUsd).sort(resetsLast)[0];
  if (exhausted) {
    return final(
      exhausted,
      `${adjective[exhausted.period]} budget of ${usd(exhausted.limitUsd)} for ${exhausted.subject} is used up (${usd(exhausted.spentUsd)} spent); it resets ${exhausted.resetsAt}`,
      now,
    );
  }
  if (!(promptUsd > 0)) return undefined;
  const tooSmall = usages.filter((usage) => usage.limitUsd - usage.spentUsd < promptUsd).sort(resetsLast)[0];
  if (tooSmall) {
    const left = tooSmall.limitUsd - tooSmall.spentUsd;
    return final(
      tooSmall,
      `${adjective[tooSmall.period]} budget of ${usd(tooSmall.limitUsd)} for ${tooSmall.subject} has ${usd(left)} left, less than this call's prompt is expected to cost (${usd(promptUsd)}); it resets ${tooSmall.resetsAt}`,
      now,
    );
  }
  const held = usages.find((usage) => usage.limitUsd - usage.spentUsd - inFlightUsd(usage.scope) < promptUsd);
  if (!held) return undefined;
  const left = held.limitUsd - held.spentUsd;
  const reserved = Math.min(left, inFlightUsd(held.scope));
  return new GatewayError(
    'rate_limit',
    `${adjective[held.period]} budget of ${usd(held.limitUsd)} for ${held.subject} is held by calls in flight: ${usd(reserved)} of the ${usd(left)} left is reserved for them, and this call's prompt is expected to cost ${usd(promptUsd)}. Try again when one finishes.`,
    { code: 'budget_exceeded', retryable: true, retryAfterSeconds: 1 },
  );
}

function final(usage: BudgetUsage, message: string, now: number): GatewayError {
  const resetsAt = Date.parse(usage.resetsAt);
  // Retrying before the reset cannot succeed: tell SDKs not to retry on their own.
  return new GatewayError('rate_limit', message, {
    code: 'budget_exceeded',
    retryable: false,
    retryAfterSeconds: (resetsAt - now) / 1000,
    headers: { 'x-should-retry': 'false' },
  });
}

const resetsLast = (a: BudgetUsage, b: BudgetUsage): number => Date.parse(b.resetsAt) - Date.parse(a.resetsAt);

/**
 * Dollars and cents; an amount under a cent (a small test budget, its first calls) to two
 * significant digits, so a refusal never reads "budget of $0.00 is used up ($0.00 spent)".
 */
export function usd(amount: number): string {
  if (!(amount > 0 && amount < 0.01)) return `$${amount.toFixed(2)}`;
  const decimals = Math.min(20, 1 - Math.floor(Math.log10(amount)));
  return `$${amount.toFixed(decimals).replace(/0+$/, '')}`;
}
