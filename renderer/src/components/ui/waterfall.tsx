/**
 * The attempts of one request as a waterfall: one bar per attempt, its length proportional to
 * its latency and placed after the ones before it (attempts run one after another).
 */
import type { AttemptDto } from '../../api/contract';
import { formatMs } from '../../format/format';

export interface WaterfallBar {
  attempt: AttemptDto;
  /** Start and width as fractions of the whole (0–1). */
  start: number;
  width: number;
}

/**
 * Bars for the attempts. `totalMs` (the request's latency) is the scale when known, so waits
 * between attempts (backoff) show as gaps at the end rather than being hidden.
 */
export function waterfallBars(attempts: readonly AttemptDto[], totalMs?: number): WaterfallBar[] {
  const sum = attempts.reduce((acc, attempt) => acc + Math.max(0, attempt.latencyMs), 0);
  const scale = Math.max(sum, totalMs ?? 0, 1);
  let offset = 0;
  return attempts.map((attempt) => {
    const latency = Math.max(0, attempt.latencyMs);
    const bar = { attempt, start: offset / scale, width: latency / scale };
    offset += latency;
    return bar;
  });
}

const OUTCOME_LABEL: Record<string, string> = {
  ok: 'served the request',
  retry: 'failed, retried',
  fallback: 'failed, fell back',
  failed: 'failed',
  skipped: 'skipped',
};

export function AttemptWaterfall({ attempts, totalMs }: { attempts: readonly AttemptDto[]; totalMs?: number }) {
  if (attempts.length === 0) return <p className="muted">No upstream attempts (served from cache or refused before routing).</p>;
  const bars = waterfallBars(attempts, totalMs);
  return (
    <ol className="waterfall" aria-label="Attempts" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {bars.map(({ attempt, start, width }, index) => (
        <li key={index} className="wf-row" aria-label={`Attempt ${index + 1}: ${attempt.provider}/${attempt.model}, ${attempt.status ?? 'no status'}, ${formatMs(attempt.latencyMs)}, ${OUTCOME_LABEL[attempt.outcome] ?? attempt.outcome}`}>
          <span className="wf-label" title={`${attempt.provider}/${attempt.model}`}>
            <span className="mono">{attempt.provider}</span>/{attempt.model}
          </span>
          <span className="wf-track" aria-hidden="true">
            <span className="wf-bar" data-outcome={attempt.outcome} style={{ left: `${start * 100}%`, width: `${width * 100}%` }} />
          </span>
          <span className="wf-time">
            {attempt.status ?? '—'} · {formatMs(attempt.latencyMs)}
          </span>
          {attempt.error || attempt.outcome !== 'ok' ? (
            <span className="wf-note">
              {OUTCOME_LABEL[attempt.outcome] ?? attempt.outcome}
              {attempt.error ? `: ${attempt.error}` : ''}
            </span>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
