/** The main-process implementation of each bridge method, with Electron's modules injected. */
import type { Clipboard, Shell } from 'electron';
import type { BridgeArgs, BridgeMethod, BridgeResult } from '../../preload/bridge';

export type BridgeHandlers = {
  [M in BridgeMethod]: (...args: BridgeArgs<M>) => Promise<BridgeResult<M>>;
};

export interface BridgeHandlerDeps {
  shell: Pick<Shell, 'openExternal' | 'openPath'>;
  clipboard: Pick<Clipboard, 'writeText'>;
  /** The gateway's data directory (config file, database). */
  dataDir: string;
}

export function createBridgeHandlers(deps: BridgeHandlerDeps): BridgeHandlers {
  return {
    openExternal: (url) => deps.shell.openExternal(url),
    revealDataDir: async () => {
      // openPath resolves to an error message rather than rejecting.
      const error = await deps.shell.openPath(deps.dataDir);
      if (error) throw new Error(`Could not open the data folder: ${error}`);
    },
    copyText: async (text) => deps.clipboard.writeText(text),
  };
}
