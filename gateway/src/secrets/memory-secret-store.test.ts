import { describe, expect, it } from 'vitest';
import { MemorySecretStore } from './memory-secret-store';
import { describeSecretStoreContract } from './secret-store.contract';

describeSecretStoreContract('memory', () => new MemorySecretStore());

describe('MemorySecretStore', () => {
  it('starts with the secrets it is given', async () => {
    const store = new MemorySecretStore({ openai: 'sk-proj-seeded-000000001234' });
    expect(await store.get('openai')).toBe('sk-proj-seeded-000000001234');
    expect(await store.list()).toEqual([{ name: 'openai', backend: 'memory', lastFour: '1234' }]);
  });

  it('keeps separate instances separate', async () => {
    const first = new MemorySecretStore();
    await first.set('openai', 'sk-first-value-0000');
    expect(await new MemorySecretStore().get('openai')).toBeUndefined();
  });
});
