/**
 * Every IPC message is checked against the frame that sent it: only the top-level document of
 * the app's own origin may use the bridge. A frame that navigated elsewhere, an iframe, or a
 * frame already destroyed (senderFrame null) is refused.
 */
import { isSameOrigin } from '../app-origin';

/** The part of IpcMainEvent / IpcMainInvokeEvent this check reads. */
export interface IpcSenderInfo {
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}

export function isTrustedSender(event: IpcSenderInfo, appOrigin: string): boolean {
  const frame = event.senderFrame;
  if (frame === null) return false;
  if (frame.parent !== null) return false;
  return isSameOrigin(frame.url, appOrigin);
}
