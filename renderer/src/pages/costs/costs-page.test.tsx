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

  it('groups spend by a metadata field, the first the calls carried at first, then the one chosen', async () => {
    const fake = new FakeGatewayClient();
    fake.spendByField = {
      project: [
        { day: today, group: 'search', costUsd: 2, requests: 4 },
        { day: today, group: '(none)', costUsd: 0.5, requests: 1 },
      ],
      env: [{ day: today, group: 'prod', costUsd: 2.5, requests: 5 }],
    };
    renderWithStore(<CostsPage param={null} />, fake);
    await screen.findByText('Top spenders');
    fireEvent.click(within(screen.getByRole('radiogroup', { name: 'Group spend by' })).getByLabelText('Metadata'));

    const select = (await screen.findByLabelText('Metadata field')) as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual(['env', 'project']);
    expect(select.value).toBe('env');
    const table = await screen.findByRole('table');
    await within(table).findByText('prod');
    expect(within(table).getByRole('columnheader', { name: 'env' })).toBeTruthy();

    fireEvent.change(select, { target: { value: 'project' } });
    await within(await screen.findByRole('table')).findByText('search');
    expect(screen.getByTestId('costs-total').textContent).toContain('$2.50');
    expect(screen.getByText('Top project')).toBeTruthy();
  });

  it('says how to send metadata when no call in the period carried any', async () => {
    renderWithStore(<CostsPage param={null} />, new FakeGatewayClient());
    await screen.findByText('Top spenders');
    fireEvent.click(within(screen.getByRole('radiogroup', { name: 'Group spend by' })).getByLabelText('Metadata'));
    expect((await screen.findByText('No metadata in this period')).closest('div')?.textContent).toContain('x-switchboard-metadata');
    expect(screen.queryByLabelText('Metadata field')).toBeNull();
  });
});
