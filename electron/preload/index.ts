/**
 * Sandboxed preload (bundled to CommonJS; sandboxed preloads cannot be ES modules). It exposes
 * named functions only: no generic invoke, no ipcRenderer, no process.env.
 */
import { contextBridge, ipcRenderer } from 'electron';
import {
  bridgeChannels,
  bridgeGlobalName,
  gatewayInfoChannel,
  type GatewayInfo,
  type SwitchboardBridge,
} from './bridge';

/** Main is trusted, but a malformed reply must degrade to a visible failure, not a crash. */
function readGatewayInfo(): GatewayInfo {
  try {
    const reply: unknown = ipcRenderer.sendSync(gatewayInfoChannel);
    if (typeof reply === 'object' && reply !== null) {
      const r = reply as Record<string, unknown>;
      if (r.state === 'running' && typeof r.url === 'string' && typeof r.adminToken === 'string') {
        return { state: 'running', url: r.url, adminToken: r.adminToken };
      }
      if (r.state === 'failed' && typeof r.message === 'string') return { state: 'failed', message: r.message };
    }
    return { state: 'failed', message: 'The desktop shell sent no gateway information.' };
  } catch {
    return { state: 'failed', message: 'The desktop shell did not answer.' };
  }
}

const bridge: SwitchboardBridge = {
  gateway: Object.freeze(readGatewayInfo()),
  openExternal: (url) => ipcRenderer.invoke(bridgeChannels.openExternal, url),
  revealDataDir: () => ipcRenderer.invoke(bridgeChannels.revealDataDir),
  copyText: (text) => ipcRenderer.invoke(bridgeChannels.copyText, text),
};

contextBridge.exposeInMainWorld(bridgeGlobalName, bridge);
