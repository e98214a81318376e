/** One configured provider: where it points, its key's status, its rate limits, a connection test and key actions. */
import { useState, type FormEvent } from 'react';
import type { ProviderDto } from '../../api/contract';
import { Icon } from '../../components/ui/icons';
import { Badge } from '../../components/ui/page-header';
import { formatMs } from '../../format/format';
import type { ProviderTestState } from '../../store/providers-slice';
import { ProviderQuotas } from './provider-quotas';

export interface ProviderRowProps {
  provider: ProviderDto;
  test: ProviderTestState | undefined;
  keyWritable: boolean;
  onTest(): void;
  onSetKey(credential: string, value: string): Promise<boolean>;
  onRemoveKey(credential: string): void;
  onRemove(): void;
}

function KeyStatus({ provider }: { provider: ProviderDto }) {
  const credential = provider.credential;
  if (!credential) return <Badge>No key needed</Badge>;
  if (!credential.present) return <Badge tone="warn">Key missing</Badge>;
  return (
    <span className="row" style={{ gap: 6 }}>
      <Badge tone="ok">Key stored</Badge>
      <span className="mono muted">••••{credential.lastFour ?? ''}</span>
    </span>
  );
}

export function ProviderRow({ provider, test, keyWritable, onTest, onSetKey, onRemoveKey, onRemove }: ProviderRowProps) {
  const [editingKey, setEditingKey] = useState(false);
  const [value, setValue] = useState('');
  const credentialName = typeof provider.config.credential === 'string' ? provider.config.credential : null;
  const source = provider.credential?.source;
  const kind = typeof provider.config.preset === 'string' ? `${provider.config.type} · ${provider.config.preset}` : provider.config.type;

  const submitKey = async (event: FormEvent) => {
    event.preventDefault();
    if (!credentialName || !value.trim()) return;
    const ok = await onSetKey(credentialName, value.trim());
    setValue('');
    if (ok) setEditingKey(false);
  };

  return (
    <li className="card stack" aria-label={`Provider ${provider.name}`} data-testid="provider-row">
      <div className="row-between">
        <div className="stack" style={{ gap: 2 }}>
          <h3>{provider.name}</h3>
          <span className="muted provider-sub">
            {kind} · <span className="mono">{provider.baseUrl}</span>
          </span>
        </div>
        <div className="row">
          <KeyStatus provider={provider} />
          <button type="button" className="btn btn-secondary btn-sm" onClick={onTest} disabled={test?.running}>
            {test?.running ? 'Testing…' : 'Test connection'}
          </button>
          {credentialName && keyWritable ? (
            <button type="button" className="btn btn-secondary btn-sm" onClick={() => setEditingKey(!editingKey)} aria-expanded={editingKey}>
              {provider.credential?.present ? 'Replace key' : 'Set key'}
            </button>
          ) : null}
          <button type="button" className="btn btn-ghost btn-icon" aria-label={`Remove provider ${provider.name}`} onClick={onRemove}>
            <Icon name="trash" />
          </button>
        </div>
      </div>
      {source ? <span className="field-hint">Key source: {source}</span> : null}
      {provider.quotas && provider.quotas.length > 0 ? <ProviderQuotas provider={provider.name} quotas={provider.quotas} now={Date.now()} /> : null}
      {test && !test.running && (test.result || test.error) ? (
        <div className={`alert ${test.result?.ok ? 'alert-info' : 'alert-error'}`} role="status">
          <Icon name={test.result?.ok ? 'check' : 'alert'} />
          <span className="alert-body">
            {test.result?.ok
              ? `Connected in ${formatMs(test.result.latencyMs)}.`
              : (test.error ?? `Failed${test.result?.status ? ` (HTTP ${test.result.status})` : ''}: ${test.result?.message ?? 'no answer'}`)}
          </span>
        </div>
      ) : null}
      {editingKey && credentialName ? (
        <form className="row" onSubmit={(e) => void submitKey(e)}>
          <label className="visually-hidden" htmlFor={`key-${provider.name}`}>
            New API key for {provider.name}
          </label>
          <input id={`key-${provider.name}`} className="input mono" style={{ flex: 1, minWidth: 220 }} type="password" autoComplete="off" spellCheck={false} placeholder="Paste the API key" value={value} onChange={(e) => setValue(e.target.value)} />
          <button type="submit" className="btn btn-primary btn-sm" disabled={!value.trim()}>
            Save key
          </button>
          {provider.credential?.present ? (
            <button type="button" className="btn btn-danger-ghost btn-sm" onClick={() => onRemoveKey(credentialName)}>
              Delete stored key
            </button>
          ) : null}
        </form>
      ) : null}
    </li>
  );
}
