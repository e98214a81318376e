/**
 * Main → window messages of the bridge contract (typed by `BridgeEvents`). A message goes only
 * to a window showing the app's own origin: the gateway info carries the admin token.
 */
import type { WebContents } from 'electron';
import { bridgeEventChannels, type BridgeEvents } from '../../preload/bridge';
import { isSameOrigin } from '../app-origin';

export type PushTarget = Pick<WebContents, 'send' | 'getURL' | 'isDestroyed'>;

/** Sends `payload` to the window; false when the window is gone or shows another origin. */
export function pushBridgeEvent<E extends keyof BridgeEvents>(contents: PushTarget, appOrigin: string, event: E, payload: BridgeEvents[E]): boolean {
  if (contents.isDestroyed() || !isSameOrigin(contents.getURL(), appOrigin)) return false;
  contents.send(bridgeEventChannels[event], payload);
  return true;
}
