import type { Session } from 'electron';
import { describe, expect, it } from 'vitest';
import { denyAllPermissions } from './harden-session';

type RequestHandler = Parameters<Session['setPermissionRequestHandler']>[0];
type CheckHandler = Parameters<Session['setPermissionCheckHandler']>[0];

describe('denyAllPermissions', () => {
  it('refuses every permission request and check', () => {
    const installed: { request: RequestHandler; check: CheckHandler } = { request: null, check: null };
    denyAllPermissions({
      setPermissionRequestHandler: (handler) => void (installed.request = handler),
      setPermissionCheckHandler: (handler) => void (installed.check = handler),
    });

    const answers: boolean[] = [];
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation'] as const) {
      installed.request?.({} as never, permission, (granted: boolean) => answers.push(granted), {} as never);
    }
    expect(answers).toEqual([false, false, false, false]);
    expect(installed.check?.(null, 'clipboard-read', 'app://switchboard', {} as never)).toBe(false);
  });
});
