/** The result of a call the UI made through the gateway: Try panel runs and replays of logged calls. */
import type { TryResultDto } from '../api/contract';
import { formatMs, formatUsd } from '../format/format';
import { Badge } from './ui/page-header';
import { AttemptWaterfall } from './ui/waterfall';

/**
 * One call made through the gateway for the UI (the Try panel, a replay): what served it, how long
 * it took, what it cost, every attempt and the answer. `routeName`: the route the call was meant
 * for, so a call another route served says so.
 */
export function CallResult({ result, routeName }: { result: TryResultDto; routeName?: string }) {
  const ok = result.status < 400;
  return (
    <div className="stack" data-testid="try-result">
      {routeName !== undefined && result.route !== null && result.route !== routeName ? (
        <p className="field-hint" role="status">
          Served by route <b className="mono">{result.route}</b>, not this one: a route named for the model, or a more specific wildcard, takes it first.
        </p>
      ) : null}
      <div className="try-facts">
        <Badge tone={ok ? 'ok' : 'bad'}>{result.status}</Badge>
        <span>
          Served by <b className="mono">{result.provider && result.model ? `${result.provider}/${result.model}` : '—'}</b>
        </span>
        <span>
          <b>{formatMs(result.latencyMs)}</b>
        </span>
        <span>
          <b>{formatUsd(result.costUsd)}</b>
        </span>
        <span className="muted">
          {result.attempts.length} attempt{result.attempts.length === 1 ? '' : 's'}
        </span>
      </div>
      <AttemptWaterfall attempts={result.attempts} totalMs={result.latencyMs} />
      {result.text !== null ? (
        <div className="try-output" aria-label="Response">
          {result.text}
        </div>
      ) : null}
      {result.error ? (
        <p className="error" role="alert">
          {result.error}
        </p>
      ) : null}
    </div>
  );
}
