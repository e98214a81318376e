import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SwitchboardBridge } from '../../../../electron/preload/bridge';
import { renderWithStore } from '../../testing/render';
import { KeysPage } from './keys-page';

afterEach(() => {
  delete (window as { switchboard?: SwitchboardBridge }).switchboard;
});

describe('Gateway keys page', () => {
  it('shows a new key’s plaintext once, with a warning, and never again after it is dismissed', async () => {
    const { fake } = renderWithStore(<KeysPage param={null} />);
    await screen.findByText('No gateway keys yet');

    fireEvent.click(screen.getAllByRole('button', { name: /create key/i })[0]!);
    const form = screen.getByRole('region', { name: 'New gateway key' });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'laptop' } });
    fireEvent.change(within(form).getByLabelText('Requests / minute'), { target: { value: '60' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create key' }));

    const box = await screen.findByTestId('created-key');
    expect(within(box).getByLabelText('New key').textContent).toBe('sk-sb-secret1xyz');
    expect(within(box).getByRole('alert').textContent).toMatch(/will not be shown again/);
    expect(fake.keys[0]).toMatchObject({ name: 'laptop', limits: { rpm: 60 } });

    // The table shows the non-secret prefix only.
    const table = screen.getByRole('table', { name: 'Gateway keys' });
    expect(within(table).getByText('laptop')).toBeTruthy();
    expect(table.textContent).not.toContain('sk-sb-secret1xyz');

    fireEvent.click(within(box).getByRole('button', { name: 'I have copied it' }));
    await waitFor(() => expect(screen.queryByTestId('created-key')).toBeNull());
    expect(document.body.textContent).not.toContain('sk-sb-secret1xyz');
  });

  it('copies the key through the desktop bridge when there is one', async () => {
    const copied: string[] = [];
    (window as { switchboard?: SwitchboardBridge }).switchboard = {
      gateway: { state: 'running', url: 'http://127.0.0.1:4000', adminToken: 't' },
      openExternal: async () => undefined,
      revealDataDir: async () => undefined,
      copyText: async (text) => void copied.push(text),
      onGatewayInfo: () => () => undefined,
    };
    const { state } = renderWithStore(<KeysPage param={null} />);
    await state().keys.create({ name: 'ci' });
    fireEvent.click(await screen.findByRole('button', { name: 'Copy key' }));
    await screen.findByText('Copied');
    expect(copied).toEqual(['sk-sb-secret1xyz']);
  });

  it('refuses to create a key without a name, saying why', async () => {
    const { fake } = renderWithStore(<KeysPage param={null} />);
    fireEvent.click(screen.getAllByRole('button', { name: /create key/i })[0]!);
    const form = screen.getByRole('region', { name: 'New gateway key' });
    fireEvent.click(within(form).getByRole('button', { name: 'Create key' }));
    expect(within(form).getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
    expect(within(form).getByText(/Name the key after/)).toBeTruthy();
    expect(fake.keys).toEqual([]);
  });
});
