/** What each tray menu item does, with the shell's parts injected. */
import type { GatewayProcessHost } from '../gateway/gateway-process-host';
import type { LoginItem } from '../settings/login-item';
import type { TrayActionId } from './tray-menu-model';

export interface TrayActionDeps {
  host: Pick<GatewayProcessHost, 'pause' | 'resume' | 'restart' | 'url'>;
  loginItem: LoginItem;
  openWindow(): void;
  copyText(text: string): void;
  /** app.quit(): the will-quit handler flushes the gateway before the app exits. */
  quit(): void;
  /** Rebuilds the menu (the login item state is read from the OS, which fires no event). */
  refresh(): void;
  log(line: string): void;
}

export function createTrayActions(deps: TrayActionDeps): (id: TrayActionId) => void {
  const run = (label: string, work: Promise<unknown>) =>
    void work.catch((error: unknown) => deps.log(`[switchboard] ${label} failed: ${error instanceof Error ? error.message : String(error)}`));

  return (id) => {
    switch (id) {
      case 'open':
        return deps.openWindow();
      case 'pause':
        return run('pause', deps.host.pause());
      case 'resume':
        return run('resume', deps.host.resume());
      case 'restart':
        return run('restart', deps.host.restart());
      case 'copy-url': {
        const url = deps.host.url();
        if (url !== undefined) deps.copyText(url);
        return;
      }
      case 'toggle-start-at-login':
        return run('start at login', deps.loginItem.setEnabled(!deps.loginItem.isEnabled()).finally(() => deps.refresh()));
      case 'quit':
        return deps.quit();
    }
  };
}
