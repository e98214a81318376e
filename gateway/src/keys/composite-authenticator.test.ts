import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MasterKeyAuthenticator } from '../server/auth';
import { openDatabase, type SqliteDatabase } from '../store/database';
import { CompositeAuthenticator } from './composite-authenticator';
import { KeyStore } from './key-store';
import { checkRouteAllowed } from './route-access';

let db: SqliteDatabase;
let keys: KeyStore;

beforeEach(() => {
  db = openDatabase(':memory:');
  keys = new KeyStore(db);
});

afterEach(() => {
  keys.close();
  db.close();
});

describe('CompositeAuthenticator', () => {
  it('accepts the master key beside keys from the store, and nothing else', () => {
    const master = 'sk-sb-master-key-from-env-000000000000';
    const auth = new CompositeAuthenticator([new MasterKeyAuthenticator(master), keys]);
    const { key, plaintext } = keys.create({ name: 'ci-bot' });
    expect(auth.authenticate(master)).toEqual({ id: 'master', name: 'master key' });
    expect(auth.authenticate(plaintext)).toMatchObject({ id: key.id, name: 'ci-bot' });
    expect(auth.authenticate('sk-sb-someone-guessing')).toBeUndefined();
    keys.revoke(key.id);
    expect(auth.authenticate(plaintext)).toBeUndefined();
    expect(auth.authenticate(master)?.id).toBe('master');
  });
});

describe('checkRouteAllowed', () => {
  const limited = { id: 'key_1', name: 'ci-bot', allowedRoutes: ['workhorse', 'openai/gpt-4o-mini'] };

  it('lets a key without a route list use any route', () => {
    expect(() => checkRouteAllowed({ id: 'key_2', name: 'free' }, 'anything', 'anything')).not.toThrow();
    expect(() => checkRouteAllowed(null, 'anything', 'anything')).not.toThrow();
  });

  it('refuses with 403 a route or pass-through model that is not listed', () => {
    expect(() => checkRouteAllowed(limited, 'workhorse', 'workhorse')).not.toThrow();
    expect(() => checkRouteAllowed(limited, null, 'openai/gpt-4o-mini')).not.toThrow();
    expect(() => checkRouteAllowed(limited, 'smart', 'smart')).toThrow(expect.objectContaining({ status: 403, code: 'route_not_allowed', message: "Gateway key 'ci-bot' may not use route 'smart'" }));
    expect(() => checkRouteAllowed(limited, null, 'anthropic/claude-opus-4')).toThrow(
      expect.objectContaining({ status: 403, message: "Gateway key 'ci-bot' may not use model 'anthropic/claude-opus-4'" }),
    );
  });
});
