/**
 * Routes: the list of routes, the visual editor of the open one (graph + inspector), and the
 * try-it panel. Save validates on the client, then PUTs the route, which applies live.
 */
import { useCallback, useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import type { PageProps } from '../../App';
import { EmptyState, ErrorBanner } from '../../components/ui/feedback';
import { Field } from '../../components/ui/form';
import { Icon } from '../../components/ui/icons';
import { ConfirmDialog } from '../../components/ui/overlays';
import { Badge, PageHeader } from '../../components/ui/page-header';
import { useLoadOnMount } from '../../hooks/use-page-data';
import { navigate } from '../../router/hash-route';
import { getAppStore, useAppStore } from '../../store';
import { knownProviders } from '../../store/routes-slice';
import { ConflictNotice } from './editor/conflict-notice';
import { EditorContext, fieldError, type EditorContextValue } from './editor/editor-context';
import { Inspector } from './editor/inspector';
import { RouteCanvas } from './editor/route-canvas';
import { TryPanel } from './editor/try-panel';
import { validateRoute } from './model/validate';
import { RouteList } from './route-list';

export function RoutesPage({ param }: PageProps) {
  const routes = useAppStore((s) => s.routes);
  const providers = useAppStore((s) => s.providers.items);
  const presets = useAppStore((s) => s.providers.presets);
  const providerNames = useAppStore(useCallback((s) => knownProviders(s)?.join('\n') ?? null, []));
  const loadProviders = useAppStore((s) => s.providers.load);
  const { items, loaded, loading, error, selected, isNew, draft, draftName, dirty, selectedNodeId, serverIssues, saving, saveError, tryState } = routes;
  const [pendingOpen, setPendingOpen] = useState<string | 'new' | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);

  useLoadOnMount(() => Promise.all([routes.load(), loadProviders()]).then(() => undefined));

  // The hash names the open route (#/routes/workhorse); otherwise open the first one.
  useEffect(() => {
    if (!loaded || isNew) return;
    const names = Object.keys(items).sort((a, b) => a.localeCompare(b));
    const wanted = param !== null && Object.hasOwn(items, param) ? param : selected === null ? names[0] : null;
    if (wanted && wanted !== selected && !dirty) routes.open(wanted);
  }, [loaded, param, items, selected, isNew, dirty, routes]);

  const clientIssues = useMemo(
    () => (draft ? validateRoute(draft, { name: draftName, isNew, providers: providerNames === null ? null : providerNames.split('\n').filter(Boolean), routes: items }) : []),
    [draft, draftName, isNew, providerNames, items],
  );
  const issues = useMemo(() => [...clientIssues, ...serverIssues], [clientIssues, serverIssues]);
  const name = isNew ? draftName : (selected ?? '');

  const context = useMemo<EditorContextValue>(
    () => ({ issues, providers, presets, otherRoutes: Object.keys(items).filter((n) => n !== name).sort(), edit: routes.edit, select: routes.selectNode }),
    [issues, providers, presets, items, name, routes.edit, routes.selectNode],
  );

  const openRoute = (target: string | 'new') => {
    if (target === 'new') routes.startNew();
    else if (target === selected && !isNew) return;
    else {
      routes.open(target);
      navigate('routes', target);
    }
  };
  const requestOpen = (target: string | 'new') => (dirty ? setPendingOpen(target) : openRoute(target));

  const save = async () => {
    // Read the name fresh: this render's copy is from before the save.
    if (await routes.save()) navigate('routes', getAppStore().getState().routes.selected);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if ((event.metaKey || event.ctrlKey) && event.key.toLowerCase() === 's') {
      event.preventDefault();
      if (dirty && !saving) void save();
    }
  };

  return (
    <div className="page page-wide" onKeyDown={onKeyDown}>
      <PageHeader title="Routes" description="A route is a model name your tools ask for, and the providers behind it. Saving applies it to new requests at once." />
      {error ? <ErrorBanner message={error} onRetry={() => void routes.load()} /> : null}
      <div className="routes-layout">
        <RouteList routes={items} selected={selected} isNew={isNew} loading={loading} onOpen={(n) => requestOpen(n)} onNew={() => requestOpen('new')} />
        <div className="stack" style={{ minWidth: 0 }}>
          {draft ? (
            <EditorContext.Provider value={context}>
              <section className="card canvas-card" aria-label="Route editor">
                <div className="canvas-toolbar">
                  {isNew ? (
                    <Field label="Route name" error={fieldError(issues, draft.id, 'name')} className="route-name-field">
                      {(props) => <input {...props} className="input mono" placeholder="e.g. workhorse" value={draftName} autoFocus onChange={(e) => routes.rename(e.target.value)} />}
                    </Field>
                  ) : (
                    <h2 className="mono">{name}</h2>
                  )}
                  {dirty ? <Badge tone="warn">Unsaved changes</Badge> : <Badge tone="ok">Live</Badge>}
                  {issues.length > 0 ? <Badge tone="bad">{issues.length === 1 ? '1 problem' : `${issues.length} problems`}</Badge> : null}
                  <span className="spacer" />
                  {!isNew && selected ? (
                    <button type="button" className="btn btn-danger-ghost btn-sm" onClick={() => setConfirmDelete(true)}>
                      <Icon name="trash" /> Delete
                    </button>
                  ) : null}
                  {dirty ? (
                    <button type="button" className="btn btn-secondary btn-sm" onClick={routes.discard}>
                      Discard
                    </button>
                  ) : null}
                  <button type="button" className="btn btn-primary btn-sm" onClick={() => void save()} disabled={saving || !dirty}>
                    {saving ? 'Saving…' : 'Save route'}
                  </button>
                </div>
                <RouteCanvas name={name} model={draft} issues={issues} selectedNodeId={selectedNodeId} onSelect={routes.selectNode} onEdit={routes.edit} />
              </section>
              <ConflictNotice
                name={name}
                changedElsewhere={routes.changedElsewhere}
                saveError={saveError}
                conflict={routes.conflict}
                onLoadTheirs={routes.discard}
                onKeepMine={routes.keepMine}
                onSaveAgain={() => void save()}
              />
            </EditorContext.Provider>
          ) : null}
          {draft === null && loaded && Object.keys(items).length === 0 ? (
            <section className="card">
              <EmptyState
                icon="routes"
                title="No routes yet"
                action={
                  <button type="button" className="btn btn-primary" onClick={() => requestOpen('new')}>
                    <Icon name="plus" /> Create a route
                  </button>
                }
              >
                Give a model name (say “workhorse”) a chain of providers to fall back through, a load balancer, or rules.
              </EmptyState>
            </section>
          ) : null}
          {draft ? <TryPanel key={isNew ? '' : (selected ?? '')} routeName={isNew ? null : selected} dirty={dirty} running={tryState.running} result={tryState.result} error={tryState.error} onRun={(prompt, options) => void routes.runTry(prompt, options)} /> : null}
        </div>
        <div className="stack inspector-col">
          {draft ? (
            <EditorContext.Provider value={context}>
              <Inspector model={draft} selectedNodeId={selectedNodeId} />
            </EditorContext.Provider>
          ) : null}
        </div>
      </div>
      {pendingOpen !== null ? (
        <ConfirmDialog
          title="Discard unsaved changes?"
          confirmLabel="Discard changes"
          danger
          onCancel={() => setPendingOpen(null)}
          onConfirm={() => {
            routes.discard();
            const target = pendingOpen;
            setPendingOpen(null);
            openRoute(target);
          }}
        >
          <p>The edits to “{name || 'the new route'}” have not been saved.</p>
        </ConfirmDialog>
      ) : null}
      {confirmDelete && selected ? (
        <ConfirmDialog
          title={`Delete “${selected}”?`}
          confirmLabel="Delete route"
          danger
          onCancel={() => setConfirmDelete(false)}
          onConfirm={() => {
            setConfirmDelete(false);
            void routes.remove().then((ok) => ok && navigate('routes'));
          }}
        >
          <p>Clients asking for this model name will get an error (or pass through as provider/model) from now on.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
