/** Settings: what the gateway is and where it keeps things, server options, the config file, and the audit log. */
import type { ForeignRequestsDto } from '../../api/contract';
import type { PageProps } from '../../App';
import { ErrorBanner, SkeletonBlock } from '../../components/ui/feedback';
import { Card, PageHeader } from '../../components/ui/page-header';
import { formatRelative } from '../../format/format';
import { useLoadOnMount, useRefreshOn } from '../../hooks/use-page-data';
import { useAppStore } from '../../store';
import { AuditCard } from './audit-card';
import { ConfigEditor } from './config-editor';
import { ServerForm } from './server-form';
import { applyServerSettings } from './yaml-edit';

/**
 * Requests refused for a foreign Host (DNS rebinding) or Origin (another site's page) since
 * start: an attack signal the request log leaves out, so it shows here.
 */
function ForeignRequests({ refused }: { refused: ForeignRequestsDto }) {
  const total = refused.host + refused.origin;
  if (total === 0 || !refused.last) return <>none</>;
  const latest = `${refused.last.reason === 'host' ? 'Host' : 'Origin'} ${refused.last.value}`;
  return (
    <span title="Requests a web page sent to the gateway from another site, or through a DNS name that is not the gateway's. They were refused and are not in Logs.">
      {total} refused (latest: <span className="mono">{latest}</span>, {formatRelative(refused.last.at)})
    </span>
  );
}

export function SettingsPage(_props: PageProps) {
  const status = useAppStore((s) => s.settings.status);
  const config = useAppStore((s) => s.settings.config);
  const loading = useAppStore((s) => s.settings.loading);
  const error = useAppStore((s) => s.settings.error);
  const saving = useAppStore((s) => s.settings.saving);
  const saveError = useAppStore((s) => s.settings.saveError);
  const issues = useAppStore((s) => s.settings.issues);
  const diff = useAppStore((s) => s.settings.diff);
  const configApplied = useAppStore((s) => s.live.configApplied);
  const { load, saveText, preview } = useAppStore((s) => s.settings);
  const notify = useAppStore((s) => s.notices.push);
  useLoadOnMount(load);
  useRefreshOn(configApplied, load, 300);
  const bridge = window.switchboard;
  const text = typeof config?.text === 'string' ? config.text : null;

  return (
    <div className="page">
      <PageHeader title="Settings" description="The gateway’s address, where it keeps its data, the config file behind everything, and who changed what." />
      {error ? <ErrorBanner message={error} onRetry={() => void load()} /> : null}
      {!status && loading ? <SkeletonBlock lines={6} label="Loading settings" /> : null}
      {status ? (
        <Card title="Gateway">
          <dl className="facts">
            <dt>Address</dt>
            <dd className="mono">{status.url}</dd>
            <dt>Version</dt>
            <dd>{status.version}</dd>
            <dt>Data folder</dt>
            <dd>
              <span className="mono">{status.dataDir}</span>{' '}
              {bridge ? (
                <button type="button" className="btn btn-secondary btn-sm" onClick={() => void bridge.revealDataDir()}>
                  Open
                </button>
              ) : null}
            </dd>
            <dt>Config file</dt>
            <dd className="mono">{status.configPath}</dd>
            <dt>Secrets</dt>
            <dd>{status.secretsBackend}</dd>
            <dt>Gateway keys</dt>
            <dd>{status.auth === 'required' ? 'required on every request' : 'not needed from this machine'}</dd>
            <dt>Body logging</dt>
            <dd>{status.logBodies ? 'on' : 'off'}</dd>
            <dt>Running since</dt>
            <dd>{formatRelative(status.startedAt)}</dd>
            {status.foreignRequests ? (
              <>
                <dt>Blocked web requests</dt>
                <dd>
                  <ForeignRequests refused={status.foreignRequests} />
                </dd>
              </>
            ) : null}
          </dl>
        </Card>
      ) : null}
      {config?.rejected ? (
        <div className="alert alert-warn" role="alert">
          <span className="alert-body">
            The config file on disk was edited into something invalid, so the last good version keeps serving (shown below). {config.rejected.message}
          </span>
        </div>
      ) : null}
      {config && text !== null ? (
        <>
          <Card>
            <ServerForm
              text={text}
              saving={saving}
              onSave={(settings) => {
                try {
                  void saveText(applyServerSettings(text, settings));
                } catch (caught) {
                  notify('error', caught instanceof Error ? caught.message : 'Could not update the config');
                }
              }}
            />
          </Card>
          <Card>
            <ConfigEditor text={text} path={config.path} version={config.version} saving={saving} error={saveError} issues={issues} diff={diff} onPreview={(t) => void preview(t)} onSave={(t, base) => void saveText(t, base)} />
          </Card>
        </>
      ) : config ? (
        <p className="alert alert-warn">This gateway does not return the config text, so settings can only be changed in the file itself.</p>
      ) : null}
      <AuditCard />
    </div>
  );
}
