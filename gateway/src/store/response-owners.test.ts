import { describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { ResponseOwners } from './response-owners';

const DAY = 24 * 60 * 60 * 1000;

describe('ResponseOwners', () => {
  it('finds who stored a response until it is forgotten, or 30 days old', () => {
    const db = openDatabase(':memory:');
    let now = 0;
    const owners = new ResponseOwners(db, () => now);
    owners.record('resp_a', { provider: 'openai', keyId: 'key_1' });
    owners.record('resp_b', { provider: 'azure', keyId: null });
    expect(owners.find('resp_a')).toEqual({ provider: 'openai', keyId: 'key_1' });
    expect(owners.find('resp_b')).toEqual({ provider: 'azure', keyId: null });
    owners.forget('resp_b');
    expect(owners.find('resp_b')).toBeUndefined();
    now = 31 * DAY;
    // Too old to be found even before a prune takes its row.
    expect(owners.find('resp_a')).toBeUndefined();
    owners.record('resp_c', { provider: 'openai', keyId: 'key_1' });
    expect(owners.find('resp_a')).toBeUndefined();
    expect(owners.find('resp_c')).toBeDefined();
    db.close();
  });

  it('keeps a background run unbilled, with its price, until one call claims its charge', () => {
    const db = openDatabase(':memory:');
    const owners = new ResponseOwners(db);
    const price = { input: 2, output: 8 };
    owners.record('resp_bg', { provider: 'openai', keyId: 'key_1', unbilled: { price } });
    owners.record('resp_free', { provider: 'openai', keyId: 'key_1', unbilled: { price: undefined } });
    expect(owners.find('resp_bg')).toEqual({ provider: 'openai', keyId: 'key_1', unbilled: { price } });
    expect(owners.find('resp_free')?.unbilled).toEqual({ price: undefined });
    expect(owners.claimUnbilled('resp_bg')).toBe(true);
    // Charged once: a later poll, or a second process on the same file, finds nothing owed.
    expect(owners.claimUnbilled('resp_bg')).toBe(false);
    expect(new ResponseOwners(db).claimUnbilled('resp_bg')).toBe(false);
    expect(owners.find('resp_bg')).toEqual({ provider: 'openai', keyId: 'key_1' });
    expect(owners.claimUnbilled('resp_unknown')).toBe(false);
    db.close();
  });

  it('reports a write that fails and lets the call that made it go on', () => {
    const db = openDatabase(':memory:');
    const warnings: string[] = [];
    const owners = new ResponseOwners(db, Date.now, (message) => warnings.push(message));
    db.exec('DROP TABLE response_owners');
    expect(() => owners.record('resp_a', { provider: 'openai', keyId: null })).not.toThrow();
    expect(warnings).toEqual([expect.stringContaining('could not record which provider stored response resp_a')]);
    db.close();
  });
});
