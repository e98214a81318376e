/**
 * Background runs in flight (a Responses API call made with `background: true`, answered while
 * its run is queued): who started each, and the budget hold its create call took. The hold is
 * kept while the run goes on, so calls in flight meanwhile see the money it will spend and a
 * burst of background runs cannot overspend a budget; the run's real cost is charged, to the
 * key that started it, by the call by id that finds it ended (stored-response.ts), and the hold
 * goes back then. Kept in memory: after a restart a run still going holds nothing, and is
 * charged to the key its `response_owners` row names.
 */
import type { BudgetHold } from '../limits/budgets';
import type { KeyIdentity } from '../server/auth';

/** A run nobody asks after is let go (its hold given back) after this long: OpenAI keeps an unstored run about 10 minutes after it ends. */
const HOLD_MS = 60 * 60 * 1000;

interface Run {
  owner: KeyIdentity | null;
  hold: BudgetHold | undefined;
  expiry: NodeJS.Timeout;
}

export class BackgroundRuns {
  private readonly runs = new Map<string, Run>();

  constructor(private readonly holdMs = HOLD_MS) {}

  /** A run the provider queued under `id`, started by `owner`'s call, which leaves it `hold`. */
  started(id: string, owner: KeyIdentity | null, hold: BudgetHold | undefined): void {
    this.ended(id);
    const expiry = setTimeout(() => this.ended(id), this.holdMs);
    // A run still going must not keep a finished process alive.
    expiry.unref();
    this.runs.set(id, { owner, hold, expiry });
  }

  /** Who started the run, while it is held. */
  ownerOf(id: string): { owner: KeyIdentity | null } | undefined {
    const run = this.runs.get(id);
    return run === undefined ? undefined : { owner: run.owner };
  }

  /** The run is over (charged, deleted, or gone at the provider): its hold goes back. Returns who started it, if known. */
  ended(id: string): { owner: KeyIdentity | null } | undefined {
    const run = this.runs.get(id);
    if (run === undefined) return undefined;
    this.runs.delete(id);
    clearTimeout(run.expiry);
    run.hold?.release();
    return { owner: run.owner };
  }

  /** Runs held now. */
  get size(): number {
    return this.runs.size;
  }
}
