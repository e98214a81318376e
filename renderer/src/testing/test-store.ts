import type { StoreApi } from 'zustand';
import { createAppStore, type AppState } from '../store';
import { FakeGatewayClient } from './fake-gateway-client';

/** Fixed "now" for tests: 2026-03-10T12:00:00Z. */
export const NOW = Date.UTC(2026, 2, 10, 12, 0, 0);

/** A store wired to a fake gateway, as the desktop app would be (URL and token known). */
export function testStore(fake = new FakeGatewayClient(), mode: 'desktop' | 'browser' = 'desktop'): { store: StoreApi<AppState>; fake: FakeGatewayClient; state: () => AppState } {
  const items = new Map<string, string>();
  const store = createAppStore({
    initial: mode === 'desktop' ? { mode, gatewayUrl: fake.baseUrl, token: 'sbadm-test' } : { mode, gatewayUrl: fake.baseUrl, token: 'sbadm-test' },
    storage: { setItem: (k, v) => void items.set(k, v), removeItem: (k) => void items.delete(k) },
    createClient: () => fake,
    now: () => NOW,
  });
  return { store, fake, state: () => store.getState() };
}
