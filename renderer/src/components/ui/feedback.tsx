/** Loading skeletons, empty states and error banners: every page shows one of these before data. */
import type { ReactNode } from 'react';
import { Icon, type IconName } from './icons';

export function Skeleton({ width = '100%', height = 14 }: { width?: number | string; height?: number | string }) {
  return <span className="skeleton" style={{ width, height }} aria-hidden="true" />;
}

/** A block of skeleton lines, announced once as "Loading". */
export function SkeletonBlock({ lines = 4, label = 'Loading' }: { lines?: number; label?: string }) {
  return (
    <div className="stack" role="status" aria-label={label}>
      {Array.from({ length: lines }, (_, i) => (
        <Skeleton key={i} width={`${90 - ((i * 17) % 35)}%`} height={14} />
      ))}
    </div>
  );
}

export function EmptyState({ icon = 'overview', title, children, action }: { icon?: IconName; title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty">
      <div className="empty-icon">
        <Icon name={icon} />
      </div>
      <h3>{title}</h3>
      {children ? <p>{children}</p> : null}
      {action ? <div className="row">{action}</div> : null}
    </div>
  );
}

/** The gateway's own message, and a way to try again. */
export function ErrorBanner({ message, onRetry, retryLabel = 'Try again' }: { message: string; onRetry?: () => void; retryLabel?: string }) {
  return (
    <div className="alert alert-error" role="alert">
      <Icon name="alert" />
      <div className="alert-body">{message}</div>
      {onRetry ? (
        <button type="button" className="btn btn-secondary btn-sm" onClick={onRetry}>
          {retryLabel}
        </button>
      ) : null}
    </div>
  );
}
