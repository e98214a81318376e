/**
 * Background runs in flight (a Responses API call made with `background: true`, answered while
 * its run is queued): who started each, and the budget hold its create call took. The hold is
 * kept while the run goes on, so calls in flight meanwhile see the money it will spend and a
 * burst of background runs cannot overspend a budget; the run's real cost is charged, to the
 * key that started it, by the call by id that finds it ended (stored-response.ts), and the hold
 * goes back then.
 *
 * A client need not ask through the gateway: it may poll the provider directly, or never. So the
 * gateway looks itself (`check`, stored-response.ts `checkBackgroundRun`): first after
 * `firstCheckMs`, then at doubling intervals up to `maxCheckMs`, until the run is charged or
 * gone, or `holdMs` has passed. Kept in memory: after a restart a run still going holds
 * nothing and is looked at by nobody, and is charged, to the key its `response_owners` row
 * names, by the next call by id.
 */
import type { BudgetHold } from '../limits/budgets';
import type { KeyIdentity } from '../server/auth';

export interface BackgroundRunsOptions {
  /** How long a run is held at most: OpenAI keeps an unstored run about 10 minutes after it ends. Default 1 hour. */
  holdMs?: number;
  /** Looks at a run at its provider, and charges it if it ended: true when there is nothing more to watch. */
  check?: (id: string) => Promise<boolean>;
  /** The first look, after the run started. Default 30 s. */
  firstCheckMs?: number;
  /** The longest wait between looks. Default 5 minutes. */
  maxCheckMs?: number;
}

interface Run {
  owner: KeyIdentity | null;
  hold: BudgetHold | undefined;
  /** When the run is let go, watched or not. */
  until: number;
  timer: NodeJS.Timeout;
}

export class BackgroundRuns {
  private readonly runs = new Map<string, Run>();
  private readonly holdMs: number;
  private readonly firstCheckMs: number;
  private readonly maxCheckMs: number;
  private closed = false;

  constructor(private readonly options: BackgroundRunsOptions = {}) {
    this.holdMs = options.holdMs ?? 60 * 60 * 1000;
    this.firstCheckMs = options.firstCheckMs ?? 30_000;
    this.maxCheckMs = options.maxCheckMs ?? 5 * 60 * 1000;
  }

  /** A run the provider queued under `id`, started by `owner`'s call, which leaves it `hold`. */
  started(id: string, owner: KeyIdentity | null, hold: BudgetHold | undefined): void {
    this.ended(id);
    if (this.closed) {
      hold?.release();
      return;
    }
    const until = Date.now() + this.holdMs;
    this.runs.set(id, { owner, hold, until, timer: this.schedule(id, this.firstCheckMs, until) });
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
    clearTimeout(run.timer);
    run.hold?.release();
    return { owner: run.owner };
  }

  /** Runs held now. */
  get size(): number {
    return this.runs.size;
  }

  /** Stops watching: every hold goes back, and no look starts again (a look under way finds its run gone). */
  close(): void {
    this.closed = true;
    for (const id of [...this.runs.keys()]) this.ended(id);
  }

  /** The next look at a run in `delayMs` (never past `until`, when the run is let go after a last look). */
  private schedule(id: string, delayMs: number, until: number): NodeJS.Timeout {
    const timer = setTimeout(() => void this.look(id, delayMs), Math.max(0, Math.min(delayMs, until - Date.now())));
    // A run still going must not keep a finished process alive.
    timer.unref();
    return timer;
  }

  private async look(id: string, lastDelayMs: number): Promise<void> {
    const run = this.runs.get(id);
    if (run === undefined) return;
    let over = false;
    try {
      over = (await this.options.check?.(id)) ?? false;
    } catch (error) {
      // A look that failed (the provider down, a key gone) is tried again at the next time.
      process.stderr.write(`switchboard: looking at background run ${id} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    // Charged meanwhile by a call by id, or restarted under the same id: that run is not this look's.
    if (this.runs.get(id) !== run) return;
    if (over || Date.now() >= run.until) this.ended(id);
    else run.timer = this.schedule(id, Math.min(lastDelayMs * 2, this.maxCheckMs), run.until);
  }
}
