/** The notices slice as toasts. Successes fade after a few seconds; warnings and errors stay longer. */
import { useEffect } from 'react';
import { useAppStore } from '../../store';
import type { Notice } from '../../store/notices-slice';
import { Icon } from '../ui/icons';

const LIFETIME_MS: Record<Notice['tone'], number> = { success: 5_000, info: 6_000, warning: 12_000, error: 15_000 };

function Toast({ notice, onDismiss }: { notice: Notice; onDismiss(id: number): void }) {
  useEffect(() => {
    const timer = setTimeout(() => onDismiss(notice.id), LIFETIME_MS[notice.tone]);
    return () => clearTimeout(timer);
  }, [notice, onDismiss]);
  return (
    <div className="toast" data-tone={notice.tone} role={notice.tone === 'error' ? 'alert' : undefined}>
      <p>{notice.message}</p>
      <button type="button" className="btn btn-ghost btn-icon" aria-label="Dismiss" onClick={() => onDismiss(notice.id)}>
        <Icon name="close" size={14} />
      </button>
    </div>
  );
}

export function Toasts() {
  const items = useAppStore((s) => s.notices.items);
  const dismiss = useAppStore((s) => s.notices.dismiss);
  return (
    <div className="toasts" role="status" aria-live="polite">
      {items.map((notice) => (
        <Toast key={notice.id} notice={notice} onDismiss={dismiss} />
      ))}
    </div>
  );
}
