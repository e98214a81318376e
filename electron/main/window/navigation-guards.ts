/**
 * The window never navigates away from the app and never opens child windows. Links to the web
 * open in the user's browser instead, where they get the browser's protections, not ours.
 */
import type { HandlerDetails, WebContents, WindowOpenHandlerResponse } from 'electron';
import { isExternalWebUrl, isSameOrigin } from '../app-origin';

export type OpenExternal = (url: string) => Promise<void>;

/** For `setWindowOpenHandler`: always deny; hand http(s) URLs to the system browser. */
export function createWindowOpenHandler(
  openExternal: OpenExternal,
): (details: Pick<HandlerDetails, 'url'>) => WindowOpenHandlerResponse {
  return ({ url }) => {
    if (isExternalWebUrl(url)) void openExternal(url).catch(() => undefined);
    return { action: 'deny' };
  };
}

export interface NavigationEvent {
  url: string;
  preventDefault(): void;
}

/**
 * For `will-navigate` / `will-redirect`: cancels every navigation that leaves the app's origin.
 * Same-origin loads (a reload of the app itself) pass; in-page hash and history changes never
 * reach this event.
 */
export function createNavigationGuard(appOrigin: string): (event: NavigationEvent) => void {
  return (event) => {
    if (!isSameOrigin(event.url, appOrigin)) event.preventDefault();
  };
}

/** Installs the window-open, navigation and webview guards on a window's contents. */
export function attachNavigationGuards(contents: WebContents, appOrigin: string, openExternal: OpenExternal): void {
  contents.setWindowOpenHandler(createWindowOpenHandler(openExternal));
  const guard = createNavigationGuard(appOrigin);
  contents.on('will-navigate', guard);
  // A redirect is a navigation too; a same-origin request must not bounce the frame elsewhere.
  contents.on('will-redirect', guard);
  // <webview> is off (webviewTag defaults to false); refuse attachment should that ever change.
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
