/**
 * What the editor says when the open route changed elsewhere (a hand edit of the file, another
 * window) under unsaved edits, or a save was refused for it. The draft stays on screen either
 * way; the user decides which version wins, since silently saving would erase the other one.
 */
import { ErrorBanner } from '../../../components/ui/feedback';
import { Icon } from '../../../components/ui/icons';

export interface ConflictNoticeProps {
  name: string;
  /** The route itself changed elsewhere since the draft was opened. */
  changedElsewhere: boolean;
  /** The gateway's refusal of the last save, if any. */
  saveError: string | null;
  conflict: boolean;
  onLoadTheirs(): void;
  onKeepMine(): void;
  onSaveAgain(): void;
}

export function ConflictNotice({ name, changedElsewhere, saveError, conflict, onLoadTheirs, onKeepMine, onSaveAgain }: ConflictNoticeProps) {
  if (changedElsewhere) {
    return (
      <div className="alert alert-warn" role="alert">
        <Icon name="alert" />
        <span className="alert-body">
          {conflict && saveError ? `${saveError}. ` : ''}“{name}” was changed elsewhere (in the config file or another window) since you opened it. Your edits are still here, but saving them
          would replace that change, so choose first.
        </span>
        <button type="button" className="btn btn-secondary btn-sm" onClick={onLoadTheirs}>
          Load the new version
        </button>
        <button type="button" className="btn btn-secondary btn-sm" onClick={onKeepMine}>
          Keep my edits
        </button>
      </div>
    );
  }
  if (!saveError) return null;
  // The config changed, but not this route: saving again puts the edits on top of the new version.
  if (conflict) return <ErrorBanner message={`${saveError}. “${name}” itself did not change; your edits are kept.`} onRetry={onSaveAgain} retryLabel="Save again" />;
  return <ErrorBanner message={saveError} />;
}
