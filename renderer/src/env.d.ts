import type { SwitchboardBridge } from '../../electron/preload/bridge';

declare global {
  interface Window {
    /** Present only inside the desktop app (exposed by the preload); absent in a browser. */
    readonly switchboard?: SwitchboardBridge;
  }
}

export {};
