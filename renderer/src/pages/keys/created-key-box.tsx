/**
 * The plaintext of a key just created or rotated. The gateway never returns it again, so the
 * box says so plainly and stays until the user says they have it.
 */
import { useEffect, useRef } from 'react';
import type { CreatedKeyDto } from '../../api/contract';
import { CopyButton } from '../../components/ui/copy-button';
import { Icon } from '../../components/ui/icons';
import { hrefFor } from '../../router/hash-route';

export function CreatedKeyBox({ created, onDone }: { created: CreatedKeyDto; onDone(): void }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => ref.current?.focus(), [created]);
  return (
    <section ref={ref} tabIndex={-1} className="card stack" aria-labelledby="created-key-title" data-testid="created-key">
      <h2 id="created-key-title">Key “{created.key.name}” is ready</h2>
      <div className="alert alert-warn" role="alert">
        <Icon name="alert" />
        <span className="alert-body">Copy it now and keep it somewhere safe. It will not be shown again: the gateway stores only a hash.</span>
      </div>
      <div className="secret-box">
        <code aria-label="New key">{created.plaintext}</code>
        <CopyButton text={created.plaintext} label="Copy key" />
      </div>
      <div className="form-actions">
        <a className="btn btn-secondary" href={hrefFor('connect')}>
          Set up a tool with it
        </a>
        <button type="button" className="btn btn-primary" onClick={onDone}>
          I have copied it
        </button>
      </div>
    </section>
  );
}
