import type { ReactNode } from 'react';

export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {description ? <p>{description}</p> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </header>
  );
}

export function Card({ title, description, actions, children, flush = false, labelledBy }: { title?: string; description?: ReactNode; actions?: ReactNode; children: ReactNode; flush?: boolean; labelledBy?: string }) {
  const id = labelledBy ?? (title ? `card-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}` : undefined);
  return (
    <section className={`card${flush ? ' card-flush' : ''}`} aria-labelledby={title ? id : undefined}>
      {title || actions ? (
        <div className="card-header">
          <div>
            {title ? <h2 id={id}>{title}</h2> : null}
            {description ? <p>{description}</p> : null}
          </div>
          {actions ? <div className="row">{actions}</div> : null}
        </div>
      ) : null}
      {children}
    </section>
  );
}

export function StatTile({ label, value, sub, children, testId }: { label: string; value: ReactNode; sub?: ReactNode; children?: ReactNode; testId?: string }) {
  return (
    <section className="card stat" aria-label={label} data-testid={testId}>
      <span className="stat-label">{label}</span>
      <span className="stat-value">{value}</span>
      {sub ? <span className="stat-sub">{sub}</span> : null}
      {children}
    </section>
  );
}

export type BadgeTone = 'ok' | 'warn' | 'bad' | 'accent' | 'neutral';

export function Badge({ tone = 'neutral', children }: { tone?: BadgeTone; children: ReactNode }) {
  return <span className={`badge${tone === 'neutral' ? '' : ` badge-${tone}`}`}>{children}</span>;
}
