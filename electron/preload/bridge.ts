/**
 * The one contract between the renderer and the main process. The preload implements
 * `SwitchboardBridge`; main registers one handler per method (typed from this file), and the
 * renderer reads it as `window.switchboard`. Changing a signature here fails the build on every
 * side that disagrees. This file must stay free of runtime imports: it is compiled into the
 * sandboxed preload, the main process and the renderer.
 */

/**
 * What the desktop shell knows about the gateway it hosts. Every state but `running` carries a
 * message the window can show as is. While `paused`, model calls get 503 "paused"; health and the
 * admin API (so this window) keep working.
 */
export type GatewayInfo =
  | { state: 'running'; url: string; adminToken: string }
  | { state: 'paused'; url: string; adminToken: string; message: string }
  | { state: 'starting'; message: string }
  | { state: 'failed'; message: string };

export interface SwitchboardBridge {
  /** Read once when the preload runs (synchronous IPC), so the renderer can use it on first paint. */
  readonly gateway: GatewayInfo;
  /** Opens an http(s) URL in the user's browser; other schemes are refused. */
  openExternal(url: string): Promise<void>;
  /** Shows the gateway's data directory (config, database) in the file manager. */
  revealDataDir(): Promise<void>;
  copyText(text: string): Promise<void>;
  /**
   * Calls `listener` whenever the gateway's state changes (paused, resumed, crashed, restarted).
   * When the gateway comes back on another URL or token, the shell reloads the window instead,
   * because the page's CSP names the gateway's origin. Returns the unsubscribe function.
   */
  onGatewayInfo(listener: (info: GatewayInfo) => void): () => void;
}

/** The bridge members that are request/response calls over `ipcRenderer.invoke`. */
export type BridgeMethod = {
  [K in keyof SwitchboardBridge]: SwitchboardBridge[K] extends (...args: never[]) => Promise<unknown> ? K : never;
}[keyof SwitchboardBridge];

export type BridgeArgs<M extends BridgeMethod> = Parameters<SwitchboardBridge[M]>;
export type BridgeResult<M extends BridgeMethod> = Awaited<ReturnType<SwitchboardBridge[M]>>;

/** One IPC channel per method: no generic `invoke(channel)` ever reaches the renderer. */
export const bridgeChannels = {
  openExternal: 'switchboard:open-external',
  revealDataDir: 'switchboard:reveal-data-dir',
  copyText: 'switchboard:copy-text',
} as const satisfies Record<BridgeMethod, string>;

/** Synchronous channel the preload uses to read `GatewayInfo` before the page's scripts run. */
export const gatewayInfoChannel = 'switchboard:gateway-info';

/** Messages main pushes to the window (webContents.send), with their payloads. */
export interface BridgeEvents {
  gatewayInfo: GatewayInfo;
}

/** One channel per pushed message; the preload hands the payload, never the IPC event, to the page. */
export const bridgeEventChannels = {
  gatewayInfo: 'switchboard:gateway-info-changed',
} as const satisfies Record<keyof BridgeEvents, string>;

/** The name under which the preload exposes the bridge (`window.switchboard`). */
export const bridgeGlobalName = 'switchboard';
