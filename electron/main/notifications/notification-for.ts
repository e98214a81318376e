/**
 * Which gateway events deserve a native notification, and what it says. Pure: the adapter
 * decides whether to show it (throttling) and how (Electron's Notification).
 */
import type { ForwardedEvent } from '../../gateway-process/protocol';
import { formatDuration, formatUsd } from '../format';

/** Events the shell raises itself, besides those forwarded from the gateway. */
export type ShellEvent = { type: 'gateway.failed'; message: string };

export type NotifiableEvent = ForwardedEvent | ShellEvent;

export interface NotificationContent {
  /** Events with the same key are throttled together. */
  key: string;
  /** The same key notifies again only after this long. */
  minIntervalMs: number;
  title: string;
  body: string;
}

const MINUTE = 60_000;
const MAX_BODY = 240;

export function notificationFor(event: NotifiableEvent, now: number): NotificationContent | null {
  switch (event.type) {
    case 'budget.alert': {
      const { budget, threshold } = event;
      const scope = budget.scope === 'global' ? 'Overall' : budget.scope;
      const period = periodWord[budget.period];
      const exhausted = threshold >= 1;
      return {
        // One per period, not per hour of quiet: an hourly budget used up again next hour says so again.
        key: `budget:${budget.scope}:${budget.period}:${budget.resetsAt}:${exhausted ? 'exhausted' : 'alert'}`,
        minIntervalMs: 60 * MINUTE,
        title: exhausted ? `${scope} ${period} budget used up` : `${scope} ${period} budget ${Math.round(threshold * 100)}% used`,
        body: `${formatUsd(budget.spentUsd)} of ${formatUsd(budget.limitUsd)} spent. ${exhausted ? 'Requests it covers are refused until it resets' : 'It resets'} in ${formatDuration(budget.resetsAt - now)}.`,
      };
    }
    case 'breaker.changed': {
      const { breaker } = event;
      if (breaker.state !== 'open') return null;
      const retry = breaker.nextProbeAt === null ? '' : ` It will be tried again in ${formatDuration(breaker.nextProbeAt - now)}.`;
      return {
        key: `breaker:${breaker.target}`,
        minIntervalMs: 10 * MINUTE,
        title: `${breaker.target} is failing`,
        body: `It failed ${breaker.failures} times in a row, so routes skip it for now and use their fallbacks.${retry}`,
      };
    }
    case 'config.rejected':
      return {
        // The same mistake is said once; a different one (a new save) is said again.
        key: `config.rejected:${event.message}`,
        minIntervalMs: 10 * MINUTE,
        title: 'Config file refused; the last good config keeps serving',
        body: shorten(event.message),
      };
    case 'gateway.failed':
      return {
        key: 'gateway.failed',
        minIntervalMs: 10 * MINUTE,
        title: 'Switchboard’s gateway is not running',
        body: shorten(event.message),
      };
  }
}

const periodWord: Record<'hour' | 'day' | 'week' | 'month', string> = { hour: 'hourly', day: 'daily', week: 'weekly', month: 'monthly' };

function shorten(text: string): string {
  return text.length > MAX_BODY ? `${text.slice(0, MAX_BODY - 1)}…` : text;
}
