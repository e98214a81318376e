/** Gateway keys: create (plaintext shown once), limits and budgets, rotate, revoke. */
import { useState, type FormEvent } from 'react';
import type { PageProps } from '../../App';
import type { GatewayKeyDto } from '../../api/contract';
import { EmptyState, ErrorBanner, SkeletonBlock } from '../../components/ui/feedback';
import { Icon } from '../../components/ui/icons';
import { ConfirmDialog, Drawer } from '../../components/ui/overlays';
import { Card, PageHeader } from '../../components/ui/page-header';
import { useLoadOnMount } from '../../hooks/use-page-data';
import { useAppStore } from '../../store';
import { CreatedKeyBox } from './created-key-box';
import { KeyFields } from './key-fields';
import { EMPTY_KEY_FORM, fromKey, keyFormErrors, keyStatus, toKeyInput, toKeyUpdate, type KeyFormErrors, type KeyFormValues } from './key-form-model';
import { KeysTable } from './keys-table';

function KeyForm({ initial, routes, busy, error, submitLabel, showExpiry, onSubmit, onCancel }: { initial: KeyFormValues; routes: readonly string[]; busy: boolean; error: string | null; submitLabel: string; showExpiry: boolean; onSubmit(values: KeyFormValues): void; onCancel(): void }) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<KeyFormErrors>({});
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = keyFormErrors(values);
    setErrors(found);
    if (Object.keys(found).length === 0) onSubmit(values);
  };
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <KeyFields values={values} errors={errors} routes={routes} showExpiry={showExpiry} onChange={(patch) => setValues((v) => ({ ...v, ...patch }))} />
      {error ? <ErrorBanner message={error} /> : null}
      <div className="form-actions">
        <button type="button" className="btn btn-secondary" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
      </div>
    </form>
  );
}

export function KeysPage(_props: PageProps) {
  const items = useAppStore((s) => s.keys.items);
  const loaded = useAppStore((s) => s.keys.loaded);
  const loading = useAppStore((s) => s.keys.loading);
  const error = useAppStore((s) => s.keys.error);
  const created = useAppStore((s) => s.keys.created);
  const busy = useAppStore((s) => s.keys.busy);
  const formError = useAppStore((s) => s.keys.formError);
  const routes = useAppStore((s) => s.routes.items);
  const { load, create, update, revoke, rotate, dismissCreated } = useAppStore((s) => s.keys);
  const loadRoutes = useAppStore((s) => s.routes.load);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<GatewayKeyDto | null>(null);
  const [confirm, setConfirm] = useState<{ kind: 'revoke' | 'rotate'; key: GatewayKeyDto } | null>(null);
  useLoadOnMount(() => Promise.all([load(), loadRoutes()]).then(() => undefined));

  const routeNames = Object.keys(routes).sort();
  const now = Date.now();
  const active = items.filter((key) => keyStatus(key, now) !== 'revoked');
  const revoked = items.filter((key) => keyStatus(key, now) === 'revoked');

  return (
    <div className="page">
      <PageHeader
        title="Gateway keys"
        description="Keys your tools send to the gateway (Authorization: Bearer …). Each can carry its own limits, budget and allowed routes."
        actions={
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)} disabled={creating}>
            <Icon name="plus" /> Create key
          </button>
        }
      />
      {error ? <ErrorBanner message={error} onRetry={() => void load()} /> : null}
      {created ? <CreatedKeyBox created={created} onDone={dismissCreated} /> : null}
      {creating ? (
        <Card title="New gateway key">
          <KeyForm
            initial={EMPTY_KEY_FORM}
            routes={routeNames}
            busy={busy}
            error={formError}
            submitLabel="Create key"
            showExpiry
            onCancel={() => setCreating(false)}
            onSubmit={(values) => {
              void create(toKeyInput(values, Date.now())).then((ok) => ok && setCreating(false));
            }}
          />
        </Card>
      ) : null}
      {!loaded && loading ? <SkeletonBlock lines={5} label="Loading keys" /> : null}
      {loaded && items.length === 0 && !creating ? (
        <Card>
          <EmptyState
            icon="keys"
            title="No gateway keys yet"
            action={
              <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
                <Icon name="plus" /> Create a key
              </button>
            }
          >
            Give each tool or person its own key, so you can see and limit what each one spends.
          </EmptyState>
        </Card>
      ) : null}
      {active.length > 0 ? (
        <Card title="Active keys" flush>
          <KeysTable keys={active} now={now} onEdit={setEditing} onRotate={(key) => setConfirm({ kind: 'rotate', key })} onRevoke={(key) => setConfirm({ kind: 'revoke', key })} />
        </Card>
      ) : null}
      {revoked.length > 0 ? (
        <Card title="Revoked" flush>
          <KeysTable keys={revoked} now={now} onEdit={setEditing} onRotate={() => undefined} onRevoke={() => undefined} />
        </Card>
      ) : null}
      {editing ? (
        <Drawer title={`Limits of “${editing.name}”`} subtitle={<span className="mono">{editing.prefix}</span>} onClose={() => setEditing(null)}>
          <KeyForm
            initial={fromKey(editing)}
            routes={routeNames}
            busy={busy}
            error={formError}
            submitLabel="Save"
            showExpiry={false}
            onCancel={() => setEditing(null)}
            onSubmit={(values) => {
              void update(editing.id, toKeyUpdate(values, editing)).then((ok) => ok && setEditing(null));
            }}
          />
        </Drawer>
      ) : null}
      {confirm ? (
        <ConfirmDialog
          title={confirm.kind === 'revoke' ? `Revoke “${confirm.key.name}”?` : `Rotate “${confirm.key.name}”?`}
          confirmLabel={confirm.kind === 'revoke' ? 'Revoke key' : 'Rotate key'}
          danger={confirm.kind === 'revoke'}
          onCancel={() => setConfirm(null)}
          onConfirm={() => {
            const { kind, key } = confirm;
            setConfirm(null);
            void (kind === 'revoke' ? revoke(key.id) : rotate(key.id));
          }}
        >
          <p>
            {confirm.kind === 'revoke'
              ? 'Requests with this key are refused from now on. This cannot be undone.'
              : 'A new secret replaces the old one, which stops working now. Limits and history stay with the key.'}
          </p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
