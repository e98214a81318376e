/**
 * Sandboxed preload (bundled to CommonJS; sandboxed preloads cannot be ES modules). It exposes
 * named functions only: no generic invoke, no ipcRenderer, no process.env.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  bridgeChannels,
  bridgeEventChannels,
  bridgeGlobalName,
  gatewayInfoChannel,
  type GatewayInfo,
  type SwitchboardBridge,
} from './bridge';
import { parseGatewayInfo } from './parse-gateway-info';

function readGatewayInfo(): GatewayInfo {
  try {
    return parseGatewayInfo(ipcRenderer.sendSync(gatewayInfoChannel)) ?? { state: 'failed', message: 'The desktop shell sent no gateway information.' };
  } catch {
    return { state: 'failed', message: 'The desktop shell did not answer.' };
  }
}

const bridge: SwitchboardBridge = {
  gateway: Object.freeze(readGatewayInfo()),
  openExternal: (url) => ipcRenderer.invoke(bridgeChannels.openExternal, url),
  revealDataDir: () => ipcRenderer.invoke(bridgeChannels.revealDataDir),
  copyText: (text) => ipcRenderer.invoke(bridgeChannels.copyText, text),
  onGatewayInfo(listener) {
    // The page gets the parsed payload only: the IPC event would hand it `sender` and ports.
    const forward = (_event: IpcRendererEvent, payload: unknown) => {
      const info = parseGatewayInfo(payload);
      if (info) listener(Object.freeze(info));
    };
    ipcRenderer.on(bridgeEventChannels.gatewayInfo, forward);
    return () => void ipcRenderer.removeListener(bridgeEventChannels.gatewayInfo, forward);
  },
};

contextBridge.exposeInMainWorld(bridgeGlobalName, bridge);
