/**
 * Keeps the window in step with the gateway. State changes on the same URL (paused, resumed,
 * crashed) are pushed to the page through the bridge. A gateway back on another URL or admin
 * token needs a reload instead: the page's CSP (sent with the document) names the gateway's
 * origin, and the preload reads the URL and token once, when the page loads.
 */
import type { GatewayInfo } from '../../preload/bridge';
import { pushBridgeEvent, type PushTarget } from '../ipc/push-bridge-event';

export type WindowUpdate = 'reload' | 'push' | 'none';

function endpoint(info: GatewayInfo | undefined): string | undefined {
  return info && (info.state === 'running' || info.state === 'paused') ? `${info.url} ${info.adminToken}` : undefined;
}

/** What the window needs when the gateway goes from what the page knows (`page`) to `next`. */
export function planWindowUpdate(page: GatewayInfo | undefined, next: GatewayInfo): WindowUpdate {
  // The page has not read the gateway yet: it will read `next` when its preload runs.
  if (page === undefined) return 'none';
  const nextEndpoint = endpoint(next);
  if (nextEndpoint !== undefined && nextEndpoint !== endpoint(page)) return 'reload';
  return JSON.stringify(page) === JSON.stringify(next) ? 'none' : 'push';
}

export interface GatewayFollower {
  /** Records what the page was given when its preload asked; returns it. */
  served(info: GatewayInfo): GatewayInfo;
  update(next: GatewayInfo): WindowUpdate;
}

export function createGatewayFollower(contents: PushTarget & { reload(): void }, appOrigin: string): GatewayFollower {
  let page: GatewayInfo | undefined;
  return {
    served(info) {
      page = info;
      return info;
    },
    update(next) {
      if (contents.isDestroyed()) return 'none';
      const plan = planWindowUpdate(page, next);
      if (plan === 'reload') {
        page = undefined; // the reloaded page asks again
        contents.reload();
      } else if (plan === 'push' && pushBridgeEvent(contents, appOrigin, 'gatewayInfo', next)) {
        page = next;
      }
      return plan;
    },
  };
}
