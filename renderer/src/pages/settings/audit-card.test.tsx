import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AuditEntryDto } from '../../api/contract';
import { GatewayApiError } from '../../api/api-error';
import { FakeGatewayClient } from '../../testing/fake-gateway-client';
import { renderWithStore } from '../../testing/render';
import { AuditCard, describeActor } from './audit-card';

const entry = (seq: number, action: AuditEntryDto['action'], summary: string, actor: AuditEntryDto['actor'] = { kind: 'admin-api', address: '127.0.0.1', client: 'curl/8.5.0' }): AuditEntryDto => ({
  seq,
  ts: Date.now() - (100 - seq) * 60_000,
  actor,
  action,
  target: null,
  summary,
  detail: null,
});

const rows = () => screen.getAllByTestId('audit-row').map((row) => within(row).getAllByRole('cell').map((cell) => cell.textContent));

describe('Audit log card', () => {
  it('lists changes newest first with who made them, and filters by kind', async () => {
    const fake = new FakeGatewayClient();
    fake.audit = [
      entry(3, 'key.revoked', 'Gateway key "ci" (sk-sb-ab12…) revoked', { kind: 'admin-api', address: '127.0.0.1', client: 'Mozilla/5.0 (X11) Chrome/131' }),
      entry(2, 'config.applied', 'v4: routes.fast.targets.0.model: "gpt-4o" → "gpt-5.1"', { kind: 'config-file' }),
      entry(1, 'key.created', 'Gateway key "ci" (sk-sb-ab12…) created'),
    ];
    renderWithStore(<AuditCard />, fake);
    await waitFor(() => expect(screen.getAllByTestId('audit-row')).toHaveLength(3));
    expect(rows().map(([, who, what]) => [who, what])).toEqual([
      ['Browser', 'key.revoked Gateway key "ci" (sk-sb-ab12…) revoked'],
      ['Config file, edited by hand', 'config.applied v4: routes.fast.targets.0.model: "gpt-4o" → "gpt-5.1"'],
      ['curl/8.5.0', 'key.created Gateway key "ci" (sk-sb-ab12…) created'],
    ]);

    fireEvent.change(screen.getByLabelText('Show'), { target: { value: 'key' } });
    await waitFor(() => expect(screen.getAllByTestId('audit-row')).toHaveLength(2));
    fireEvent.change(screen.getByLabelText('Show'), { target: { value: 'credential' } });
    await waitFor(() => expect(screen.getByText('No changes recorded of this kind.')).toBeTruthy());
  });

  it('pages back through older changes', async () => {
    const fake = new FakeGatewayClient();
    fake.audit = Array.from({ length: 30 }, (_, i) => entry(30 - i, 'cache.purged', `purge ${30 - i}`));
    renderWithStore(<AuditCard />, fake);
    await waitFor(() => expect(screen.getAllByTestId('audit-row')).toHaveLength(25));
    fireEvent.click(screen.getByRole('button', { name: 'Show older changes' }));
    await waitFor(() => expect(screen.getAllByTestId('audit-row')).toHaveLength(30));
    expect(rows().at(-1)?.[2]).toBe('cache.purged purge 1');
    expect(screen.queryByRole('button', { name: 'Show older changes' })).toBeNull();
  });

  it('stays out of the way on a gateway without an audit log', async () => {
    const fake = new FakeGatewayClient();
    fake.auditLog = async () => {
      throw new GatewayApiError(501, 'Audit logs are not enabled in this gateway', { code: 'not_available' });
    };
    const { state } = renderWithStore(<AuditCard />, fake);
    await waitFor(() => expect(state().audit.unavailable).toBe(true));
    expect(screen.queryByText('Audit log')).toBeNull();
  });

  it('names callers from other machines by address', () => {
    expect(describeActor({ kind: 'admin-api', address: '10.0.0.7', client: 'python-requests/2.32' })).toBe('python-requests/2.32 from 10.0.0.7');
    expect(describeActor({ kind: 'admin-api', address: '::1', client: 'Mozilla/5.0 Electron/33.0' })).toBe('Switchboard app');
    expect(describeActor({ kind: 'app' })).toBe('Switchboard app');
  });

  it('leaves no gap when the list is reloaded while an older page is on its way', async () => {
    const fake = new FakeGatewayClient();
    fake.audit = Array.from({ length: 60 }, (_, i) => entry(60 - i, 'cache.purged', `purge ${60 - i}`));
    const { state } = renderWithStore(<AuditCard />, fake);
    await waitFor(() => expect(screen.getAllByTestId('audit-row')).toHaveLength(25));
    // The older page answers late, after a reload (a config change's live event) has come back.
    const answer = fake.auditLog.bind(fake);
    let release = (): void => undefined;
    fake.auditLog = async (query = {}) => {
      const page = await answer(query);
      if (query.before !== undefined) await new Promise<void>((resolve) => (release = resolve));
      return page;
    };
    const older = state().audit.loadOlder();
    await waitFor(() => expect(state().audit.loading).toBe(true));
    fake.audit = [...Array.from({ length: 10 }, (_, i) => entry(70 - i, 'cache.purged', `purge ${70 - i}`)), ...fake.audit];
    await state().audit.load();
    release();
    await older;
    const seqs = state().audit.entries.map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => 70 - i));
  });
});

