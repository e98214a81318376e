/** Port, auth requirement and body logging, written into the config's `server:` section. */
import { useEffect, useState, type FormEvent } from 'react';
import { Field } from '../../components/ui/form';
import { readServerSettings, type ServerSettings } from './yaml-edit';

export function ServerForm({ text, saving, onSave }: { text: string; saving: boolean; onSave(settings: ServerSettings): void }) {
  const saved = readServerSettings(text);
  const [values, setValues] = useState(saved);
  const [portText, setPortText] = useState(String(saved.port));
  useEffect(() => {
    const fresh = readServerSettings(text);
    setValues(fresh);
    setPortText(String(fresh.port));
  }, [text]);

  const port = Number(portText);
  const portError = Number.isInteger(port) && port >= 0 && port <= 65535 ? null : 'A port from 0 to 65535';
  const changed = values.auth !== saved.auth || values.logBodies !== saved.logBodies || port !== saved.port;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!portError) onSave({ ...values, port });
  };

  return (
    <form className="stack" onSubmit={submit} aria-labelledby="server-settings-title" noValidate>
      <h2 id="server-settings-title">Server</h2>
      <div className="form-grid" style={{ maxWidth: 280 }}>
        <Field label="Port" hint="Takes effect the next time the gateway starts; a --port flag or SWITCHBOARD_PORT overrides it." error={portError}>
          {(props) => <input {...props} className="input" inputMode="numeric" value={portText} onChange={(e) => setPortText(e.target.value)} />}
        </Field>
      </div>
      <fieldset className="stack" style={{ gap: 8 }}>
        <legend>Gateway keys</legend>
        <label className="checkbox">
          <input type="radio" name="auth" checked={values.auth === 'required'} onChange={() => setValues((v) => ({ ...v, auth: 'required' }))} />
          <span>
            <strong>Required</strong> <span className="muted">— every request needs a gateway key.</span>
          </span>
        </label>
        <label className="checkbox">
          <input type="radio" name="auth" checked={values.auth === 'open-on-loopback'} onChange={() => setValues((v) => ({ ...v, auth: 'open-on-loopback' }))} />
          <span>
            <strong>Open on this machine</strong> <span className="muted">— requests from 127.0.0.1 need none.</span>
          </span>
        </label>
      </fieldset>
      <label className="checkbox">
        <input type="checkbox" checked={values.logBodies} onChange={(e) => setValues((v) => ({ ...v, logBodies: e.target.checked }))} />
        <span>
          <strong>Log request and response bodies</strong> <span className="muted">— prompts and answers are stored in the request log (capped in size).</span>
        </span>
      </label>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={!changed || saving || portError !== null}>
          {saving ? 'Saving…' : 'Save server settings'}
        </button>
      </div>
    </form>
  );
}
