/**
 * Copies text: through the desktop bridge when present (the main process writes the clipboard,
 * which works even without a user-activation or secure context), else the browser's clipboard.
 */
import { useEffect, useState } from 'react';
import { Icon } from './icons';

export async function copyText(text: string): Promise<void> {
  const bridge = typeof window === 'undefined' ? undefined : window.switchboard;
  if (bridge) return bridge.copyText(text);
  if (!navigator.clipboard) throw new Error('The clipboard is not available here');
  await navigator.clipboard.writeText(text);
}

export function CopyButton({ text, label = 'Copy', className = 'btn btn-secondary btn-sm' }: { text: string; label?: string; className?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 1_800);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <button
      type="button"
      className={className}
      onClick={() => {
        copyText(text).then(
          () => setState('copied'),
          () => setState('failed'),
        );
      }}
    >
      <Icon name={state === 'copied' ? 'check' : 'copy'} />
      <span aria-live="polite">{state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}</span>
    </button>
  );
}
