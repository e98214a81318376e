import type { ModelPrice } from './types';

/** More targets than a config names; past it the oldest is forgotten. */
const MAX_TARGETS = 256;

/**
 * The price each target whose own name has no price (an Azure deployment, `openrouter/auto`)
 * was last charged at, from the model its answer named. Budgets reserve a call's expected cost
 * before any answer: without this such a target reserved nothing, and parallel calls to it all
 * passed a budget only some of them fit.
 */
export class ServedPrices {
  private readonly prices = new Map<string, ModelPrice>();

  /** Remembers what `target` (a candidate's `provider/model` key) was charged at. */
  remember(target: string, price: ModelPrice): void {
    if (this.prices.get(target) === price) return;
    this.prices.delete(target);
    this.prices.set(target, price);
    if (this.prices.size > MAX_TARGETS) this.prices.delete(this.prices.keys().next().value!);
  }

  /** The price `target` was last charged at, if it has answered since the gateway started. */
  last(target: string): ModelPrice | undefined {
    return this.prices.get(target);
  }
}
