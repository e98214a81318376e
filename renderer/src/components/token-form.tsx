import { useState, type FormEvent } from 'react';

export interface TokenFormProps {
  gatewayUrl: string;
  onSubmit(token: string): void;
}

/** Asks for the admin token when the UI is opened in a browser (there is no desktop bridge). */
export function TokenForm({ gatewayUrl, onSubmit }: TokenFormProps) {
  const [token, setToken] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (token.trim()) onSubmit(token);
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="token-title">
      <h2 id="token-title">Admin token</h2>
      <p className="muted">
        Paste the admin token that <code>switchboard serve</code> printed for <code>{gatewayUrl}</code>. It is kept
        for this tab only.
      </p>
      <label className="field">
        <span>Token</span>
        <input
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(event) => setToken(event.target.value)}
        />
      </label>
      <button type="submit" disabled={!token.trim()}>
        Continue
      </button>
    </form>
  );
}
