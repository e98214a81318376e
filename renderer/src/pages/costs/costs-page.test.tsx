import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeGatewayClient } from '../../testing/fake-gateway-client';
import { renderWithStore } from '../../testing/render';
import { CostsPage } from './costs-page';

const today = new Date().toISOString().slice(0, 10);

describe('Costs page', () => {
  it('groups spend by app, with the names the gateway gives them and what each cost', async () => {
    const fake = new FakeGatewayClient();
    fake.spendPoints = [{ day: today, group: 'openai', costUsd: 4.5, requests: 30 }];
    fake.spendPointsBy.app = [
      { day: today, group: 'Claude Code', costUsd: 3.25, requests: 20 },
      { day: today, group: 'OpenAI SDK (Python)', costUsd: 1, requests: 8 },
      { day: today, group: 'Unknown', costUsd: 0.25, requests: 2 },
    ];
    renderWithStore(<CostsPage param={null} />, fake);
    await screen.findByText('Top spenders');

    fireEvent.click(within(screen.getByRole('radiogroup', { name: 'Group spend by' })).getByLabelText('App'));

    const table = await screen.findByRole('table');
    await within(table).findByText('Claude Code');
    expect(within(table).getByRole('columnheader', { name: 'App' })).toBeTruthy();
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => [...row.querySelectorAll('td')].slice(0, 3).map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['Claude Code', '20', '$3.25'],
      ['OpenAI SDK (Python)', '8', '$1.00'],
      ['Unknown', '2', '$0.25'],
    ]);
    expect(screen.getByTestId('costs-total').textContent).toContain('$4.50');
    expect(screen.getByText('Top app')).toBeTruthy();
  });
});
