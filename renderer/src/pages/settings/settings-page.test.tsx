import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeGatewayClient } from '../../testing/fake-gateway-client';
import { renderWithStore } from '../../testing/render';
import { SettingsPage } from './settings-page';

const yamlBox = () => screen.getByLabelText('YAML') as HTMLTextAreaElement;

describe('Settings config editor', () => {
  it('keeps an edited draft on the version it was made from when the file changes elsewhere, so saving cannot erase that change', async () => {
    const fake = new FakeGatewayClient();
    fake.configText = 'routes: {}\n';
    const { state } = renderWithStore(<SettingsPage param={null} />, fake);
    await waitFor(() => expect(yamlBox().value).toBe('routes: {}\n'));

    fireEvent.change(yamlBox(), { target: { value: 'routes: {}\n# mine\n' } });
    // Someone adds a route by hand; the page reloads the config.
    fake.configText = 'routes:\n  other: { strategy: single, targets: [] }\n';
    fake.configVersion += 1;
    await act(() => state().settings.load());

    expect(yamlBox().value).toBe('routes: {}\n# mine\n');
    expect(screen.getByText(/The config file changed \(now version 2\) since you started editing version 1/)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Save and apply' }));
    await waitFor(() => expect(state().settings.conflict).toBe(true));
    expect(fake.configText).toContain('other:');
    expect(screen.getByText(/changed since version 1/)).toBeTruthy();
    expect(yamlBox().value).toBe('routes: {}\n# mine\n');

    fireEvent.click(screen.getByRole('button', { name: 'Load the current file' }));
    expect(yamlBox().value).toContain('other:');
    expect(screen.queryByText(/since you started editing/)).toBeNull();
  });

  it('follows a change elsewhere for an unedited draft, and saves edits made after it', async () => {
    const fake = new FakeGatewayClient();
    fake.configText = 'routes: {}\n';
    const { state } = renderWithStore(<SettingsPage param={null} />, fake);
    await waitFor(() => expect(yamlBox().value).toBe('routes: {}\n'));
    fake.configText = 'routes: {} # by hand\n';
    fake.configVersion += 1;
    await act(() => state().settings.load());
    expect(yamlBox().value).toBe('routes: {} # by hand\n');

    fireEvent.change(yamlBox(), { target: { value: 'routes: {} # by hand\n# mine\n' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save and apply' }));
    await waitFor(() => expect(fake.configText).toBe('routes: {} # by hand\n# mine\n'));
    expect(state().settings.conflict).toBe(false);
  });
});

describe('Settings gateway facts', () => {
  it('shows requests refused for a foreign Host or Origin, which Logs leaves out', async () => {
    const fake = new FakeGatewayClient();
    fake.foreignRequests = { host: 2, origin: 1, last: { at: Date.now() - 5_000, reason: 'origin', value: 'https://evil.example' } };
    renderWithStore(<SettingsPage param={null} />, fake);
    await waitFor(() => expect(screen.getByText('Blocked web requests')).toBeTruthy());
    expect(screen.getByText(/3 refused \(latest:/)).toBeTruthy();
    expect(screen.getByText('Origin https://evil.example')).toBeTruthy();
  });
});
