/**
 * The renderer needs no browser permissions (camera, notifications, clipboard read, ...):
 * clipboard writes and external links go through the bridge, so every request is refused.
 */
import type { Session } from 'electron';

export function denyAllPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
