/** Providers & Keys: the providers in the config, their keys' status, tests, and adding one. */
import { useState } from 'react';
import type { PageProps } from '../../App';
import { EmptyState, ErrorBanner, SkeletonBlock } from '../../components/ui/feedback';
import { Icon } from '../../components/ui/icons';
import { ConfirmDialog } from '../../components/ui/overlays';
import { Badge, Card, PageHeader } from '../../components/ui/page-header';
import { useLoadOnMount } from '../../hooks/use-page-data';
import { useAppStore } from '../../store';
import { AddProviderForm } from './add-provider-form';
import { LocalServersCard } from './local-servers-card';
import { ProviderRow } from './provider-row';

export function ProvidersPage(_props: PageProps) {
  const items = useAppStore((s) => s.providers.items);
  const presets = useAppStore((s) => s.providers.presets);
  const credentials = useAppStore((s) => s.providers.credentials);
  const loaded = useAppStore((s) => s.providers.loaded);
  const loading = useAppStore((s) => s.providers.loading);
  const error = useAppStore((s) => s.providers.error);
  const tests = useAppStore((s) => s.providers.tests);
  const saving = useAppStore((s) => s.providers.saving);
  const formError = useAppStore((s) => s.providers.formError);
  const formIssues = useAppStore((s) => s.providers.formIssues);
  const local = useAppStore((s) => s.providers.local);
  const { load, save, setKey, removeKey, remove, test, clearForm, findLocal } = useAppStore((s) => s.providers);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<string | null>(null);
  useLoadOnMount(load);
  useLoadOnMount(findLocal);

  const backend = credentials?.backend ?? 'secret';
  const writable = credentials?.writable ?? true;
  const openForm = () => {
    clearForm();
    setAdding(true);
  };

  return (
    <div className="page">
      <PageHeader
        title="Providers & Keys"
        description="The model providers the gateway can call. Keys go straight into the secret store; the UI only ever sees their last four characters."
        actions={
          <>
            {credentials ? <Badge tone="accent">Secrets: {backend}{writable ? '' : ' (read-only)'}</Badge> : null}
            <button type="button" className="btn btn-primary" onClick={openForm} disabled={adding}>
              <Icon name="plus" /> Add provider
            </button>
          </>
        }
      />
      {error ? <ErrorBanner message={error} onRetry={() => void load()} /> : null}
      {adding ? (
        <Card>
          <AddProviderForm presets={presets} taken={items.map((p) => p.name)} backend={backend} keyWritable={writable} saving={saving} error={formError} issues={formIssues} onSave={save} onCancel={() => setAdding(false)} />
        </Card>
      ) : null}
      {loaded ? (
        <LocalServersCard
          servers={local}
          presets={presets}
          providers={items}
          saving={saving}
          onAdd={(input) => void save(input)}
        />
      ) : null}
      {!loaded && loading ? <SkeletonBlock lines={5} label="Loading providers" /> : null}
      {loaded && items.length === 0 && !adding ? (
        <Card>
          <EmptyState
            icon="providers"
            title="No providers yet"
            action={
              <button type="button" className="btn btn-primary" onClick={openForm}>
                <Icon name="plus" /> Add your first provider
              </button>
            }
          >
            Add OpenAI, Anthropic, Gemini, a local Ollama or any OpenAI-compatible server, then route to it.
          </EmptyState>
        </Card>
      ) : null}
      {items.length > 0 ? (
        <ul className="stack" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label="Providers">
          {items.map((provider) => (
            <ProviderRow
              key={provider.name}
              provider={provider}
              test={tests[provider.name]}
              keyWritable={writable}
              onTest={() => void test(provider.name)}
              onSetKey={setKey}
              onRemoveKey={(credential) => void removeKey(credential)}
              onRemove={() => setRemoving(provider.name)}
            />
          ))}
        </ul>
      ) : null}
      {credentials && credentials.secrets.length > 0 ? (
        <Card title="Stored keys" description="Every secret in the store, by name. Values never leave the gateway." flush>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Backend</th>
                <th scope="col">Ends in</th>
              </tr>
            </thead>
            <tbody>
              {credentials.secrets.map((secret) => (
                <tr key={secret.name}>
                  <td className="mono">{secret.name}</td>
                  <td>{secret.backend}</td>
                  <td className="mono">••••{secret.lastFour}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      ) : null}
      {removing ? (
        <ConfirmDialog
          title={`Remove “${removing}”?`}
          confirmLabel="Remove provider"
          danger
          onCancel={() => setRemoving(null)}
          onConfirm={() => {
            const name = removing;
            setRemoving(null);
            void remove(name);
          }}
        >
          <p>Routes that use it will fail validation until they are changed. Its stored key is kept; delete it separately.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
