/** Renders a component against a test store (the app's useAppStore reads it). */
import { cleanup, render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach } from 'vitest';
import { setAppStore } from '../store';
import { FakeGatewayClient } from './fake-gateway-client';
import { testStore } from './test-store';

afterEach(() => {
  cleanup();
  setAppStore(undefined);
});

export function renderWithStore(ui: ReactElement, fake = new FakeGatewayClient()): RenderResult & ReturnType<typeof testStore> {
  const env = testStore(fake);
  setAppStore(env.store);
  return { ...render(ui), ...env };
}
