import { useState, type FormEvent } from 'react';

export interface TokenFormProps {
  gatewayUrl: string;
  /** Why the previous token was refused, if it was. */
  error?: string | null;
  onSubmit(token: string): void;
}

/** Asks for the admin token when the UI is opened in a browser (there is no desktop bridge). */
export function TokenForm({ gatewayUrl, error, onSubmit }: TokenFormProps) {
  const [token, setToken] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (token.trim()) onSubmit(token);
  };
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="token-title">
      <div className="brand" style={{ color: 'var(--text)', padding: 0 }}>
        <span className="brand-mark" aria-hidden="true" />
        Switchboard
      </div>
      <h1 id="token-title">Open the dashboard</h1>
      <p className="muted">
        Paste the admin token that <code>switchboard serve</code> printed for <code>{gatewayUrl}</code>. It is kept for this tab only.
      </p>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor="admin-token">Admin token</label>
        <input id="admin-token" className="input" type="password" autoComplete="off" spellCheck={false} value={token} onChange={(event) => setToken(event.target.value)} />
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={!token.trim()}>
          Continue
        </button>
      </div>
    </form>
  );
}
