/** "Try it": one prompt through the saved route, showing what served it and how. */
import { useId, useState, type FormEvent } from 'react';
import type { TryResultDto } from '../../../api/contract';
import { CallResult } from '../../../components/call-result';
import { ErrorBanner } from '../../../components/ui/feedback';
import { Icon } from '../../../components/ui/icons';

export interface TryPanelProps {
  routeName: string | null;
  /** Unsaved edits: the try runs against the saved version. */
  dirty: boolean;
  running: boolean;
  result: TryResultDto | null;
  error: string | null;
  onRun(prompt: string, options: { system?: string; metadata?: Record<string, string>; model?: string }): void;
}

/** "tier=free, team=ml" → { tier: 'free', team: 'ml' }; entries without "=" are ignored. */
export function parseMetadata(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim();
    if (key) out[key] = part.slice(eq + 1).trim();
  }
  return out;
}

export function TryPanel({ routeName, dirty, running, result, error, onRun }: TryPanelProps) {
  const [prompt, setPrompt] = useState('Say hello in five words.');
  const [system, setSystem] = useState('');
  const [metadata, setMetadata] = useState('');
  const [model, setModel] = useState('');
  // A wildcard route (`claude-*`) is no model name: it is tried with a name it takes.
  const wildcard = routeName?.includes('*') === true;
  const ready = prompt.trim() !== '' && (!wildcard || model.trim() !== '');
  const modelId = useId();
  const promptId = useId();
  const systemId = useId();
  const metadataId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (ready) onRun(prompt, { system, metadata: parseMetadata(metadata), ...(wildcard ? { model: model.trim() } : {}) });
  };
  return (
    <section className="card inspector" aria-labelledby="try-title">
      <h3 id="try-title">Try it</h3>
      {routeName === null ? (
        <p className="muted">Save the route to try it.</p>
      ) : (
        <form className="stack" onSubmit={submit}>
          {dirty ? <p className="field-hint">You have unsaved changes: this runs the saved version of “{routeName}”.</p> : null}
          {wildcard ? (
            <div className="field">
              <label htmlFor={modelId}>Model name</label>
              <input id={modelId} className="input mono" placeholder={routeName.replace(/\*/g, '…')} value={model} onChange={(e) => setModel(e.target.value)} aria-describedby={`${modelId}-hint`} />
              <span id={`${modelId}-hint`} className="field-hint">
                “{routeName}” takes every name it matches: ask for one, as a client would.
              </span>
            </div>
          ) : null}
          <div className="field">
            <label htmlFor={promptId}>Prompt</label>
            <textarea id={promptId} className="textarea" rows={3} value={prompt} onChange={(e) => setPrompt(e.target.value)} />
          </div>
          <details>
            <summary className="field-hint">System prompt and metadata (optional)</summary>
            <div className="field" style={{ marginTop: 6 }}>
              <label htmlFor={systemId}>System prompt</label>
              <textarea id={systemId} className="textarea" rows={2} value={system} onChange={(e) => setSystem(e.target.value)} />
            </div>
            <div className="field" style={{ marginTop: 6 }}>
              <label htmlFor={metadataId}>Metadata</label>
              <input id={metadataId} className="input mono" placeholder="tier=free, team=ml" value={metadata} onChange={(e) => setMetadata(e.target.value)} aria-describedby={`${metadataId}-hint`} />
              <span id={`${metadataId}-hint`} className="field-hint">
                Sent as request metadata, to try the rules of a conditional route.
              </span>
            </div>
          </details>
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={running || !ready}>
              <Icon name="play" /> {running ? 'Running…' : `Send to ${wildcard && model.trim() ? model.trim() : routeName}`}
            </button>
          </div>
        </form>
      )}
      {error ? <ErrorBanner message={error} /> : null}
      {result && routeName !== null ? <CallResult result={result} routeName={routeName} /> : null}
    </section>
  );
}
