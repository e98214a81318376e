/** "Replay": a logged call sent again, to the same or another model, beside what it answered then. */
import { useId, useState, type FormEvent } from 'react';
import type { LogRowDto } from '../../api/contract';
import { CallResult } from '../../components/call-result';
import { ErrorBanner } from '../../components/ui/feedback';
import { Icon } from '../../components/ui/icons';
import { formatMs, formatUsd } from '../../format/format';
import { useAppStore } from '../../store';

export function ReplaySection({ row }: { row: LogRowDto }) {
  const replay = useAppStore((s) => s.logs.replay);
  const runReplay = useAppStore((s) => s.logs.runReplay);
  const [model, setModel] = useState(row.alias);
  const modelId = useId();
  if (row.endpoint === 'embeddings' || row.endpoint === 'completions' || row.endpoint === 'fim') return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void runReplay(model);
  };
  return (
    <section className="stack" aria-labelledby="detail-replay">
      <h3 id="detail-replay">Replay</h3>
      {row.requestBody === null ? (
        <p className="muted">Calls can be sent again once their bodies are stored (“Log request bodies” in Settings).</p>
      ) : (
        <form className="row" onSubmit={submit}>
          <label htmlFor={modelId} className="field-label">
            Model
          </label>
          <input id={modelId} className="input mono" style={{ flex: 1, minWidth: 160 }} value={model} onChange={(e) => setModel(e.target.value)} aria-describedby={`${modelId}-hint`} />
          <button type="submit" className="btn btn-secondary btn-sm" disabled={replay.running || !model.trim()}>
            <Icon name="play" /> {replay.running ? 'Sending…' : 'Send again'}
          </button>
          <span id={`${modelId}-hint`} className="field-hint" style={{ flexBasis: '100%' }}>
            The body as logged (without its user and metadata; headers are not kept), to this route or model, answered whole, never from the cache.
          </span>
        </form>
      )}
      {replay.error ? <ErrorBanner message={replay.error} /> : null}
      {replay.result ? (
        <div className="replay-compare">
          <div className="stack" aria-label="Then">
            <span className="field-label">Then</span>
            <div className="try-facts">
              <span>
                <b className="mono">{replay.result.original.model ?? '—'}</b>
              </span>
              <span>
                <b>{formatMs(replay.result.original.latencyMs)}</b>
              </span>
              <span>
                <b>{formatUsd(replay.result.original.costUsd)}</b>
              </span>
            </div>
            <div className="try-output" aria-label="Answer then">
              {replay.result.original.text ?? <span className="muted">Not readable from the logged body (cut at its logged size, or not stored).</span>}
            </div>
          </div>
          <div className="stack" aria-label="Now">
            <span className="field-label">Now</span>
            <CallResult result={replay.result} />
          </div>
        </div>
      ) : null}
    </section>
  );
}
