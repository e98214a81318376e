import { describe, expect, it } from 'vitest';
import { configChanges } from './config-changes';

describe('configChanges', () => {
  it('names one change with its values', () => {
    const result = configChanges({ server: { logBodies: false } }, { server: { logBodies: true } });
    expect(result.summary).toBe('server.logBodies: false → true');
    expect(result.changes).toEqual([{ path: 'server.logBodies', kind: 'changed', before: false, after: true }]);
  });

  it('counts several and lists the first few', () => {
    const before = { routes: { a: { strategy: 'single' } } };
    const after = { routes: { b: { strategy: 'single' }, c: {}, d: {}, e: {}, f: {} }, server: { port: 4001 } };
    const { summary, changes } = configChanges(before, after);
    expect(summary).toBe('7 changes: routes.a removed; routes.b added; routes.c added; routes.d added; and 3 more');
    // Objects added or removed are named, not copied.
    expect(changes[0]).toEqual({ path: 'routes.a', kind: 'removed' });
  });

  it('never shows values under headers or anything named like a secret, but does show credential names', () => {
    const before = { providers: { p: { headers: { 'x-team': 'alpha' }, apiKey: 'env:OLD', credential: 'openai' } } };
    const after = { providers: { p: { headers: { 'x-team': 'beta' }, apiKey: 'env:NEW', credential: 'openai-work' } } };
    const { changes, summary } = configChanges(before, after);
    expect(changes).toEqual([
      { path: 'providers.p.headers.x-team', kind: 'changed' },
      { path: 'providers.p.apiKey', kind: 'changed' },
      { path: 'providers.p.credential', kind: 'changed', before: 'openai', after: 'openai-work' },
    ]);
    expect(summary).not.toContain('alpha');
    expect(summary).not.toContain('env:NEW');
  });

  it('says when a save changed nothing that counts', () => {
    expect(configChanges({ a: 1 }, { a: 1 }).summary).toBe('no effective change (formatting or comments only)');
  });
});
