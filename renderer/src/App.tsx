import { lazy, Suspense, useEffect, type ComponentType } from 'react';
import { Sidebar } from './components/shell/sidebar';
import { Toasts } from './components/shell/toasts';
import { StatusScreen } from './components/status-screen';
import { TokenForm } from './components/token-form';
import { SkeletonBlock } from './components/ui/feedback';
import { parseHash, useHash, type PageId } from './router/hash-route';
import { useAppStore } from './store';

/** How often the gateway's liveness is re-checked while the UI is open. */
const HEALTH_INTERVAL_MS = 15_000;

export interface PageProps {
  /** The rest of the hash path: a route name on Routes, a request id on Logs. */
  param: string | null;
}

const named = <K extends string>(load: () => Promise<Record<K, ComponentType<PageProps>>>, key: K) => lazy(() => load().then((module) => ({ default: module[key] })));

// Each page is its own chunk: React Flow and the charts load only where they are used.
const PAGES: Record<PageId, ComponentType<PageProps>> = {
  overview: named(() => import('./pages/overview/overview-page'), 'OverviewPage'),
  routes: named(() => import('./pages/routes/routes-page'), 'RoutesPage'),
  logs: named(() => import('./pages/logs/logs-page'), 'LogsPage'),
  cache: named(() => import('./pages/cache/cache-page'), 'CachePage'),
  costs: named(() => import('./pages/costs/costs-page'), 'CostsPage'),
  providers: named(() => import('./pages/providers/providers-page'), 'ProvidersPage'),
  keys: named(() => import('./pages/keys/keys-page'), 'KeysPage'),
  connect: named(() => import('./pages/connect/connect-page'), 'ConnectPage'),
  settings: named(() => import('./pages/settings/settings-page'), 'SettingsPage'),
};

export function App() {
  const mode = useAppStore((s) => s.connection.mode);
  const gatewayUrl = useAppStore((s) => s.connection.gatewayUrl);
  const token = useAppStore((s) => s.connection.token);
  const health = useAppStore((s) => s.connection.health);
  const healthDetail = useAppStore((s) => s.connection.healthDetail);
  const startupError = useAppStore((s) => s.connection.startupError);
  const shellNotice = useAppStore((s) => s.connection.shellNotice);
  const authError = useAppStore((s) => s.connection.authError);
  const checkHealth = useAppStore((s) => s.connection.checkHealth);
  const setToken = useAppStore((s) => s.connection.setToken);
  const applyGatewayInfo = useAppStore((s) => s.connection.applyGatewayInfo);
  const liveStatus = useAppStore((s) => s.live.status);
  const inFlight = useAppStore((s) => s.live.inFlight.length);
  const connectLive = useAppStore((s) => s.live.connect);
  const disconnectLive = useAppStore((s) => s.live.disconnect);
  const route = parseHash(useHash());

  const needsToken = mode === 'browser' && token === null;
  const ready = !needsToken && startupError === null && gatewayUrl !== null;
  const bridge = window.switchboard;

  useEffect(() => {
    if (!bridge || typeof bridge.onGatewayInfo !== 'function') return;
    return bridge.onGatewayInfo(applyGatewayInfo);
  }, [bridge, applyGatewayInfo]);

  useEffect(() => {
    if (needsToken) return;
    void checkHealth();
    const timer = setInterval(() => void checkHealth(), HEALTH_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [needsToken, checkHealth]);

  useEffect(() => {
    if (!ready) return;
    connectLive();
    return () => disconnectLive();
  }, [ready, gatewayUrl, token, connectLive, disconnectLive]);

  if (needsToken && gatewayUrl) {
    return (
      <main className="centered">
        <TokenForm gatewayUrl={gatewayUrl} error={authError} onSubmit={setToken} />
      </main>
    );
  }

  if (!ready) {
    return (
      <main className="centered">
        <StatusScreen
          gatewayUrl={gatewayUrl}
          health={health}
          healthDetail={healthDetail}
          startupError={startupError}
          onCheckAgain={() => void checkHealth()}
          {...(bridge && gatewayUrl ? { onCopyUrl: () => void bridge.copyText(gatewayUrl) } : {})}
          {...(bridge ? { onRevealDataDir: () => void bridge.revealDataDir() } : {})}
        />
      </main>
    );
  }

  const Page = PAGES[route.page];
  return (
    <div className="shell">
      <Sidebar current={route.page} gatewayUrl={gatewayUrl} live={liveStatus} inFlight={inFlight} />
      <main className="main" id="main">
        {shellNotice ? (
          <div className="shell-banner" role="status">
            {shellNotice}
          </div>
        ) : null}
        {health === 'unreachable' ? (
          <div className="shell-banner" role="alert">
            The gateway at {gatewayUrl} is not answering{healthDetail ? ` (${healthDetail})` : ''}. Data below may be stale.{' '}
            <button type="button" className="btn btn-secondary btn-sm" onClick={() => void checkHealth()}>
              Check again
            </button>
          </div>
        ) : null}
        <Suspense
          fallback={
            <div className="page">
              <SkeletonBlock lines={6} />
            </div>
          }
        >
          <Page key={route.page} param={route.param} />
        </Suspense>
      </main>
      <Toasts />
    </div>
  );
}
