import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfirmDialog, Drawer } from './overlays';

afterEach(cleanup);

function Harness() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Open
      </button>
      {open ? (
        <Drawer title="Request" onClose={() => setOpen(false)}>
          <button type="button">First inside</button>
          <input aria-label="Last inside" />
        </Drawer>
      ) : null}
    </>
  );
}

describe('Drawer', () => {
  it('takes focus, keeps Tab inside, closes on Escape and gives focus back', () => {
    render(<Harness />);
    const opener = screen.getByRole('button', { name: 'Open' });
    opener.focus();
    fireEvent.click(opener);

    const dialog = screen.getByRole('dialog', { name: 'Request' });
    const close = screen.getByRole('button', { name: 'Close' });
    expect(document.activeElement).toBe(close);

    // Shift+Tab from the first element wraps to the last; Tab from the last wraps to the first.
    fireEvent.keyDown(dialog, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(screen.getByLabelText('Last inside'));
    fireEvent.keyDown(dialog, { key: 'Tab' });
    expect(document.activeElement).toBe(close);

    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });
});

describe('ConfirmDialog', () => {
  it('starts on Cancel, the safe choice, and cancels on Escape', () => {
    const calls: string[] = [];
    render(
      <ConfirmDialog title="Purge the whole cache?" confirmLabel="Purge" danger onConfirm={() => calls.push('confirm')} onCancel={() => calls.push('cancel')}>
        <p>Requests go upstream again.</p>
      </ConfirmDialog>,
    );
    const dialog = screen.getByRole('alertdialog', { name: 'Purge the whole cache?' });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Cancel' }));
    fireEvent.keyDown(dialog, { key: 'Escape' });
    fireEvent.click(screen.getByRole('button', { name: 'Purge' }));
    expect(calls).toEqual(['cancel', 'confirm']);
  });
});
