import { useEffect } from 'react';
import { StatusScreen } from './components/status-screen';
import { TokenForm } from './components/token-form';
import { useAppStore } from './store';

/** How often the status screen re-checks the gateway while open. */
const HEALTH_INTERVAL_MS = 15_000;

export function App() {
  const mode = useAppStore((s) => s.connection.mode);
  const gatewayUrl = useAppStore((s) => s.connection.gatewayUrl);
  const token = useAppStore((s) => s.connection.token);
  const health = useAppStore((s) => s.connection.health);
  const healthDetail = useAppStore((s) => s.connection.healthDetail);
  const startupError = useAppStore((s) => s.connection.startupError);
  const checkHealth = useAppStore((s) => s.connection.checkHealth);
  const setToken = useAppStore((s) => s.connection.setToken);

  const needsToken = mode === 'browser' && token === null;

  useEffect(() => {
    if (needsToken) return;
    void checkHealth();
    const timer = setInterval(() => void checkHealth(), HEALTH_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [needsToken, checkHealth]);

  const bridge = window.switchboard;
  return (
    <div className="app">
      <header className="app-header">
        <h1>Switchboard</h1>
        <span className="muted">{mode === 'desktop' ? 'Desktop' : 'Browser'}</span>
      </header>
      <main>
        {needsToken && gatewayUrl ? (
          <TokenForm gatewayUrl={gatewayUrl} onSubmit={setToken} />
        ) : (
          <StatusScreen
            gatewayUrl={gatewayUrl}
            health={health}
            healthDetail={healthDetail}
            startupError={startupError}
            onCheckAgain={() => void checkHealth()}
            {...(bridge && gatewayUrl ? { onCopyUrl: () => void bridge.copyText(gatewayUrl) } : {})}
            {...(bridge ? { onRevealDataDir: () => void bridge.revealDataDir() } : {})}
          />
        )}
      </main>
    </div>
  );
}
