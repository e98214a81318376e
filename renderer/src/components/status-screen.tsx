import type { HealthStatus } from '../store';

export interface StatusScreenProps {
  gatewayUrl: string | null;
  health: HealthStatus;
  healthDetail: string | null;
  startupError: string | null;
  onCheckAgain(): void;
  /** Desktop only; absent in a browser. */
  onCopyUrl?: () => void;
  onRevealDataDir?: () => void;
}

const HEALTH_LABEL: Record<HealthStatus, string> = {
  unknown: 'Not checked yet',
  checking: 'Checking…',
  running: 'Running',
  unreachable: 'Unreachable',
};

/** The gateway's address and whether it answers: shown when the gateway is not available. */
export function StatusScreen(props: StatusScreenProps) {
  const { gatewayUrl, health, healthDetail, startupError } = props;
  return (
    <section className="card stack" aria-labelledby="status-title">
      <h2 id="status-title">Gateway</h2>
      {startupError ? (
        <p className="error" role="alert">
          {startupError}
        </p>
      ) : null}
      <dl className="facts">
        <dt>Address</dt>
        <dd>{gatewayUrl ? <code>{gatewayUrl}</code> : <span className="muted">not running</span>}</dd>
        <dt>Status</dt>
        <dd>
          <span className={`badge badge-${health}`} role="status">
            {HEALTH_LABEL[health]}
          </span>
          {health === 'unreachable' && healthDetail ? <span className="muted"> ({healthDetail})</span> : null}
        </dd>
      </dl>
      <div className="row">
        <button type="button" className="btn btn-primary" onClick={props.onCheckAgain} disabled={health === 'checking'}>
          Check again
        </button>
        {props.onCopyUrl && gatewayUrl ? (
          <button type="button" className="btn btn-secondary" onClick={props.onCopyUrl}>
            Copy address
          </button>
        ) : null}
        {props.onRevealDataDir ? (
          <button type="button" className="btn btn-secondary" onClick={props.onRevealDataDir}>
            Open data folder
          </button>
        ) : null}
      </div>
    </section>
  );
}
