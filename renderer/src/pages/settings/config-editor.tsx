/** The config file as text: edit, preview what changes, save (validated and applied live). */
import { useEffect, useId, useRef, useState } from 'react';
import type { ConfigChangeDto, ConfigDiffDto, ConfigIssueDto } from '../../api/contract';
import { ErrorBanner } from '../../components/ui/feedback';
import { Badge } from '../../components/ui/page-header';

const short = (value: unknown): string => (value === undefined ? '—' : JSON.stringify(value).slice(0, 80));

function Change({ change }: { change: ConfigChangeDto }) {
  const tone = change.kind === 'added' ? 'ok' : change.kind === 'removed' ? 'bad' : 'warn';
  return (
    <li className="row">
      <Badge tone={tone}>{change.kind}</Badge>
      <span className="mono">{change.path}</span>
      {change.kind === 'changed' ? (
        <span className="muted mono">
          {short(change.before)} → {short(change.after)}
        </span>
      ) : null}
    </li>
  );
}

export interface ConfigEditorProps {
  text: string;
  path: string;
  version: number;
  saving: boolean;
  error: string | null;
  issues: readonly ConfigIssueDto[];
  diff: ConfigDiffDto | null;
  onPreview(text: string): void;
  /** `baseVersion`: the config version the draft was made from. */
  onSave(text: string, baseVersion: number): void;
}

export function ConfigEditor({ text, path, version, saving, error, issues, diff, onPreview, onSave }: ConfigEditorProps) {
  const [draft, setDraft] = useState(text);
  // The version the draft was made from: sent with the save, so the gateway refuses (409) to
  // write it over a change made elsewhere meanwhile instead of silently erasing that change.
  const [baseVersion, setBaseVersion] = useState(version);
  const id = useId();
  const draftRef = useRef(draft);
  draftRef.current = draft;
  // A new saved version (from here, a hand edit, or another window) replaces an unedited draft;
  // an edited draft stays, made from the version it was made from.
  const lastSaved = useRef(text);
  useEffect(() => {
    const current = draftRef.current;
    if (current === lastSaved.current || current === text || text === lastSaved.current) {
      if (current === lastSaved.current) setDraft(text);
      setBaseVersion(version);
    }
    lastSaved.current = text;
  }, [text, version]);
  const edited = draft !== text;
  const stale = edited && baseVersion !== version;
  const reload = () => {
    setDraft(text);
    setBaseVersion(version);
  };

  return (
    <div className="stack">
      <div className="row-between">
        <h2>Config file</h2>
        <span className="row">
          <span className="mono muted">{path}</span>
          <Badge>version {version}</Badge>
        </span>
      </div>
      <label htmlFor={id} className="field-label">
        YAML
      </label>
      <textarea id={id} className="textarea code" rows={18} spellCheck={false} value={draft} onChange={(e) => setDraft(e.target.value)} aria-invalid={issues.length > 0 ? true : undefined} />
      {stale ? (
        <div className="alert alert-warn" role="alert">
          <span className="alert-body">
            The config file changed (now version {version}) since you started editing version {baseVersion}. Your text is still here, but saving it would erase that change, so it will
            be refused: copy what you need, then load the current file and apply your edit again.
          </span>
          <button type="button" className="btn btn-secondary btn-sm" onClick={reload}>
            Load the current file
          </button>
        </div>
      ) : null}
      {error ? <ErrorBanner message={issues.length > 0 ? `${error.split('\n')[0]}` : error} /> : null}
      {issues.length > 0 ? (
        <ul className="issue-list field-error" aria-label="Problems in the file">
          {issues.map((issue, i) => (
            <li key={i}>
              {issue.line !== undefined ? `line ${issue.line}: ` : ''}
              {issue.path ? <span className="mono">{issue.path}: </span> : null}
              {issue.message}
            </li>
          ))}
        </ul>
      ) : null}
      {diff ? (
        diff.changes.length === 0 ? (
          <p className="muted" role="status">
            No changes to apply.
          </p>
        ) : (
          <ul className="stack" style={{ listStyle: 'none', margin: 0, padding: 0, gap: 6 }} aria-label="Changes">
            {diff.changes.map((change) => (
              <Change key={`${change.kind}:${change.path}`} change={change} />
            ))}
          </ul>
        )
      ) : null}
      <div className="form-actions">
        {edited ? (
          <button type="button" className="btn btn-ghost" onClick={reload}>
            Revert
          </button>
        ) : null}
        <button type="button" className="btn btn-secondary" disabled={!edited || saving} onClick={() => onPreview(draft)}>
          Preview changes
        </button>
        <button type="button" className="btn btn-primary" disabled={!edited || saving} onClick={() => onSave(draft, baseVersion)}>
          {saving ? 'Saving…' : 'Save and apply'}
        </button>
      </div>
    </div>
  );
}
