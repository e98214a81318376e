/**
 * Publishes circuit-breaker changes and budget alerts on the EventBus, so GET /events carries
 * them. (Requests and config reloads are published by gateway.ts where they happen.)
 */
import type { EventBus } from '../events/event-bus';
import type { BreakerAdmin, BudgetAdmin } from './deps';
import { breakerNow, budgetDto } from './ops-dto';

/** Returns the function that stops publishing. */
export function connectAdminEvents(deps: { events: EventBus; breakers?: BreakerAdmin; budgets?: BudgetAdmin }): () => void {
  const stops: Array<() => void> = [];
  const { events, breakers, budgets } = deps;
  if (breakers) {
    stops.push(
      breakers.onChange((change) => {
        // The snapshot after the change, with a state that follows the change even when the
        // entry was dropped (a reset) or the clock moved.
        events.publish({ type: 'breaker.changed', breaker: { ...breakerNow(breakers, change.target), state: change.to } });
      }),
    );
  }
  if (budgets) {
    stops.push(
      budgets.onAlert((alert) => {
        events.publish({ type: 'budget.alert', budget: budgetDto(alert), threshold: alert.level === 'exhausted' ? 1 : alert.alertAt });
      }),
    );
  }
  return () => {
    for (const stop of stops) stop();
  };
}
