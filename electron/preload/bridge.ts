/**
 * The one contract between the renderer and the main process. The preload implements
 * `SwitchboardBridge`; main registers one handler per method (typed from this file), and the
 * renderer reads it as `window.switchboard`. Changing a signature here fails the build on every
 * side that disagrees. This file must stay free of runtime imports: it is compiled into the
 * sandboxed preload, the main process and the renderer.
 */

/** What the desktop shell knows about the gateway it hosts. */
export type GatewayInfo =
  | { state: 'running'; url: string; adminToken: string }
  | { state: 'failed'; message: string };

export interface SwitchboardBridge {
  /** Read once when the preload runs (synchronous IPC), so the renderer can use it on first paint. */
  readonly gateway: GatewayInfo;
  /** Opens an http(s) URL in the user's browser; other schemes are refused. */
  openExternal(url: string): Promise<void>;
  /** Shows the gateway's data directory (config, database) in the file manager. */
  revealDataDir(): Promise<void>;
  copyText(text: string): Promise<void>;
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

/** The name under which the preload exposes the bridge (`window.switchboard`). */
export const bridgeGlobalName = 'switchboard';
